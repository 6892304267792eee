package dev.jollama.server.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Computes the sha256 of a file that is being filled from the front, following the written prefix, so verifying a
 * downloaded blob costs little time after its last byte arrives.
 */
final class PrefixHasher {
    private final FileChannel file;
    private final long total;
    private final LongSupplier prefix;
    private final Sha256 sha = Sha256.create();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    private volatile long hashed;
    private volatile boolean stopped;

    PrefixHasher(FileChannel file, long total, LongSupplier prefix) {
        this.file = file;
        this.total = total;
        this.prefix = prefix;
    }

    /** Hashes until the whole file is done or {@link #stop()} is called; returns "sha256:<hex>", or null when stopped. */
    String run() throws IOException {
        while (hashed < total) {
            if (stopped) {
                sha.digest(); // releases it
                return null;
            }
            long until = prefix.getAsLong();
            if (until <= hashed) {
                LockSupport.parkNanos(2_000_000);
                continue;
            }
            while (hashed < until) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), until - hashed));
                int n = file.read(buffer, hashed);
                if (n <= 0) throw new IOException("partial file shorter than its written prefix");
                buffer.flip();
                sha.update(buffer);
                hashed += n;
            }
        }
        return sha.digest();
    }

    /** How many bytes from the front are hashed so far. */
    long hashed() {
        return hashed;
    }

    void stop() {
        stopped = true;
    }
}
