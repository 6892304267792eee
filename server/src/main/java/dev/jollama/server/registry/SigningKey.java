package dev.jollama.server.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The ed25519 key Ollama signs registry token requests with, kept as {@code id_ed25519} (OpenSSH private key
 * format, unencrypted) and {@code id_ed25519.pub} (authorized_keys line) in the jollama home, made at first start
 * the way {@code ollama serve} makes ~/.ollama/id_ed25519.
 */
public final class SigningKey {
    private static final String KEY_TYPE = "ssh-ed25519";
    private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final String PEM_BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----";
    private static final String PEM_END = "-----END OPENSSH PRIVATE KEY-----";

    private final PrivateKey privateKey;
    private final byte[] publicKey;

    private SigningKey(byte[] seed, byte[] publicKey) throws GeneralSecurityException {
        this.privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
        this.publicKey = publicKey.clone();
    }

    /** Loads the key at {@code path}, creating it (and its .pub) first when there is none. */
    public static SigningKey loadOrCreate(Path path) throws IOException {
        if (!Files.exists(path)) create(path);
        return load(path);
    }

    public static SigningKey load(Path path) throws IOException {
        try {
            return parse(Files.readString(path, StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("cannot read the ed25519 key " + path + ": " + e.getMessage(), e);
        }
    }

    private static void create(Path path) throws IOException {
        byte[] seed, pub;
        try {
            var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            seed = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
            byte[] x509 = pair.getPublic().getEncoded();
            pub = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        Files.createDirectories(path.toAbsolutePath().getParent());
        Path temp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(temp, pem(seed, pub), StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        Files.move(temp, path);
        Files.writeString(path.resolveSibling(path.getFileName() + ".pub"), authorizedKey(pub) + "\n", StandardCharsets.US_ASCII);
    }

    /** The public key as an authorized_keys line, "ssh-ed25519 AAAA...". */
    public String authorizedKey() {
        return authorizedKey(publicKey);
    }

    private static String authorizedKey(byte[] pub) {
        return KEY_TYPE + " " + Base64.getEncoder().encodeToString(wirePublicKey(pub));
    }

    /** Ollama's signature header value: "<base64 ssh public key>:<base64 ed25519 signature of data>". */
    public String sign(byte[] data) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(data);
            return Base64.getEncoder().encodeToString(wirePublicKey(publicKey)) + ":" + Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] wirePublicKey(byte[] pub) {
        var out = new ByteArrayOutputStream();
        writeString(out, KEY_TYPE.getBytes(StandardCharsets.US_ASCII));
        writeString(out, pub);
        return out.toByteArray();
    }

    // ---- OpenSSH private key format (PROTOCOL.key), "none" cipher only ----

    private static String pem(byte[] seed, byte[] pub) {
        int check = new SecureRandom().nextInt();
        var secret = new ByteArrayOutputStream();
        writeInt(secret, check);
        writeInt(secret, check);
        writeString(secret, KEY_TYPE.getBytes(StandardCharsets.US_ASCII));
        writeString(secret, pub);
        writeString(secret, concat(seed, pub));
        writeString(secret, new byte[0]);
        for (int pad = 1; secret.size() % 8 != 0; pad++) secret.write(pad);

        var out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        writeString(out, "none".getBytes(StandardCharsets.US_ASCII));
        writeString(out, "none".getBytes(StandardCharsets.US_ASCII));
        writeString(out, new byte[0]);
        writeInt(out, 1);
        writeString(out, wirePublicKey(pub));
        writeString(out, secret.toByteArray());
        String body = Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(out.toByteArray());
        return PEM_BEGIN + "\n" + body + "\n" + PEM_END + "\n";
    }

    static SigningKey parse(String pem) throws GeneralSecurityException {
        int begin = pem.indexOf(PEM_BEGIN), end = pem.indexOf(PEM_END);
        if (begin < 0 || end < begin) throw new IllegalArgumentException("not an OpenSSH private key");
        ByteBuffer in = ByteBuffer.wrap(Base64.getMimeDecoder().decode(pem.substring(begin + PEM_BEGIN.length(), end)));
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!Arrays.equals(magic, MAGIC)) throw new IllegalArgumentException("not an OpenSSH private key");
        String cipher = new String(readString(in), StandardCharsets.US_ASCII);
        readString(in); // kdf name
        readString(in); // kdf options
        if (!cipher.equals("none")) throw new IllegalArgumentException("encrypted keys are not supported");
        if (in.getInt() != 1) throw new IllegalArgumentException("expected exactly one key");
        readString(in); // public key
        ByteBuffer secret = ByteBuffer.wrap(readString(in));
        if (secret.getInt() != secret.getInt()) throw new IllegalArgumentException("corrupt key (check bytes differ)");
        String type = new String(readString(secret), StandardCharsets.US_ASCII);
        if (!type.equals(KEY_TYPE)) throw new IllegalArgumentException("not an ed25519 key: " + type);
        byte[] pub = readString(secret);
        byte[] priv = readString(secret);
        if (pub.length != 32 || priv.length != 64) throw new IllegalArgumentException("corrupt ed25519 key");
        return new SigningKey(Arrays.copyOf(priv, 32), pub);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private static void writeString(ByteArrayOutputStream out, byte[] b) {
        writeInt(out, b.length);
        out.writeBytes(b);
    }

    private static byte[] readString(ByteBuffer in) {
        byte[] b = new byte[in.getInt()];
        in.get(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
