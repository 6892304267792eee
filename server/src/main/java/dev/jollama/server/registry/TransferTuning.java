package dev.jollama.server.registry;

import java.time.Duration;

/**
 * How blobs are cut and retried. {@link #OLLAMA} is what Ollama does (up to 16 parts of 100 MB to 1 GB, at most 16
 * connections, a request with no byte for 30 s is restarted, 6 tries with 1, 2, 4 ... s between them), except that
 * each connection fetches 64 MiB chunks in file order rather than a whole part, so the file fills from the front and
 * is hashed while it downloads (smaller chunks cost the registry more: 8 MiB ones doubled docker-registry's CPU time
 * per GiB), and that the download starts on {@code startConnections} and adds more only while
 * that makes it faster ({@link ConnectionGrowth}). Tests use smaller values to exercise the same paths on small blobs.
 */
public record TransferTuning(
        int maxParts,
        int maxConnections,
        int startConnections,
        long minPartSize,
        long maxPartSize,
        long chunkSize,
        Duration stallTimeout,
        int maxRetries,
        Duration retryBase,
        Duration progressInterval) {

    private static final long MB = 1000L * 1000;

    public static final TransferTuning OLLAMA = new TransferTuning(16, 16, 2, 100 * MB, 1000 * MB, 64L << 20, Duration.ofSeconds(30), 6,
            Duration.ofSeconds(1), Duration.ofMillis(60));

    /** Ollama's part size: total/16 clamped to [min, max]. */
    public long partSize(long total) {
        return Math.clamp(total / maxParts, minPartSize, maxPartSize);
    }

    /** Pause before try {@code n} (0-based) after a failure: base * 2^n. */
    public Duration backoff(int n) {
        return retryBase.multipliedBy(1L << Math.min(n, 20));
    }
}
