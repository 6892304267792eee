package dev.jollama.server.registry;

import java.time.Duration;

/**
 * How blobs are cut and retried. {@link #OLLAMA} is what Ollama does (up to 16 parts of 100 MB to 1 GB, 16
 * connections, a request with no byte for 30 s is restarted, 6 tries with 1, 2, 4 ... s between them), except that
 * each connection fetches 8 MiB chunks in file order rather than a whole part, so the file fills from the front and
 * is hashed while it downloads. Tests use smaller values to exercise the same paths on small blobs.
 */
public record TransferTuning(
        int maxParts,
        long minPartSize,
        long maxPartSize,
        long chunkSize,
        Duration stallTimeout,
        int maxRetries,
        Duration retryBase,
        Duration progressInterval) {

    private static final long MB = 1000L * 1000;

    public static final TransferTuning OLLAMA = new TransferTuning(16, 100 * MB, 1000 * MB, 8L << 20, Duration.ofSeconds(30), 6,
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
