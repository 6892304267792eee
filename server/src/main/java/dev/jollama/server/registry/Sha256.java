package dev.jollama.server.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 for verifying downloads. The JDK's SHA-256 runs at about a quarter of OpenSSL's speed on this project's
 * machines (0.44 vs 1.78 GB/s measured, see BENCHMARKS.md), which makes verification the slowest part of a fast
 * pull; so the system's libcrypto is called through FFM when it is there, and the JDK's digest is used otherwise.
 */
abstract sealed class Sha256 permits Sha256.Jdk, Sha256.OpenSsl {
    private static final Logger log = LoggerFactory.getLogger(Sha256.class);

    /** Adds the buffer's remaining bytes (a direct buffer for the native path). */
    abstract void update(ByteBuffer buffer);

    /** "sha256:<hex>"; the hasher cannot be used after. */
    abstract String digest();

    static Sha256 create() {
        if (OpenSsl.AVAILABLE) {
            try {
                return new OpenSsl();
            } catch (Throwable t) {
                log.debug("libcrypto SHA-256 failed, using the JDK's: {}", t.toString());
            }
        }
        return new Jdk();
    }

    static final class Jdk extends Sha256 {
        private final MessageDigest md;

        Jdk() {
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        void update(ByteBuffer buffer) {
            md.update(buffer);
        }

        @Override
        String digest() {
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        }
    }

    /** OpenSSL's EVP interface: EVP_MD_CTX_new, EVP_DigestInit_ex(EVP_sha256()), EVP_DigestUpdate, EVP_DigestFinal_ex. */
    static final class OpenSsl extends Sha256 {
        private static final MethodHandle CTX_NEW, CTX_FREE, SHA256, INIT, UPDATE, FINAL;
        static final boolean AVAILABLE;

        static {
            MethodHandle n = null, f = null, s = null, i = null, u = null, fin = null;
            boolean ok = false;
            try {
                SymbolLookup lib = SymbolLookup.libraryLookup("libcrypto.so.3", Arena.global());
                Linker linker = Linker.nativeLinker();
                var ptr = ValueLayout.ADDRESS;
                var cint = ValueLayout.JAVA_INT;
                n = linker.downcallHandle(lib.findOrThrow("EVP_MD_CTX_new"), FunctionDescriptor.of(ptr));
                f = linker.downcallHandle(lib.findOrThrow("EVP_MD_CTX_free"), FunctionDescriptor.ofVoid(ptr));
                s = linker.downcallHandle(lib.findOrThrow("EVP_sha256"), FunctionDescriptor.of(ptr));
                i = linker.downcallHandle(lib.findOrThrow("EVP_DigestInit_ex"), FunctionDescriptor.of(cint, ptr, ptr, ptr));
                u = linker.downcallHandle(lib.findOrThrow("EVP_DigestUpdate"), FunctionDescriptor.of(cint, ptr, ptr, ValueLayout.JAVA_LONG));
                fin = linker.downcallHandle(lib.findOrThrow("EVP_DigestFinal_ex"), FunctionDescriptor.of(cint, ptr, ptr, ptr));
                ok = true;
            } catch (Throwable t) {
                log.debug("no libcrypto, verifying with the JDK's SHA-256: {}", t.toString());
            }
            CTX_NEW = n;
            CTX_FREE = f;
            SHA256 = s;
            INIT = i;
            UPDATE = u;
            FINAL = fin;
            AVAILABLE = ok;
        }

        private MemorySegment ctx;

        OpenSsl() throws Throwable {
            ctx = (MemorySegment) CTX_NEW.invokeExact();
            if (ctx.equals(MemorySegment.NULL)) throw new IllegalStateException("EVP_MD_CTX_new failed");
            if ((int) INIT.invokeExact(ctx, (MemorySegment) SHA256.invokeExact(), MemorySegment.NULL) != 1) {
                free();
                throw new IllegalStateException("EVP_DigestInit_ex failed");
            }
        }

        @Override
        void update(ByteBuffer buffer) {
            if (!buffer.isDirect()) throw new IllegalArgumentException("the native SHA-256 reads direct buffers");
            MemorySegment data = MemorySegment.ofBuffer(buffer);
            try {
                if ((int) UPDATE.invokeExact(ctx, data, data.byteSize()) != 1) throw new IllegalStateException("EVP_DigestUpdate failed");
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            buffer.position(buffer.limit());
        }

        @Override
        String digest() {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment out = arena.allocate(32);
                if ((int) FINAL.invokeExact(ctx, out, MemorySegment.NULL) != 1) throw new IllegalStateException("EVP_DigestFinal_ex failed");
                return "sha256:" + HexFormat.of().formatHex(out.toArray(ValueLayout.JAVA_BYTE));
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            } finally {
                free();
            }
        }

        private void free() {
            try {
                if (ctx != null) CTX_FREE.invokeExact(ctx);
            } catch (Throwable ignored) {
                // nothing more to do
            }
            ctx = null;
        }
    }
}
