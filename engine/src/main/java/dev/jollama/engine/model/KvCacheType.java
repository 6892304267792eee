package dev.jollama.engine.model;

/** Element type of the KV cache. F16 is llama.cpp's and Ollama's default; Q8_0 and Q4_0
 * ({@code OLLAMA_KV_CACHE_TYPE=q8_0|q4_0}) take about a half and a quarter of its memory. */
public enum KvCacheType {
    F32(4, 1), F16(2, 1), Q8_0(34, 32), Q4_0(18, 32);

    private final int blockBytes, blockSize;

    KvCacheType(int blockBytes, int blockSize) {
        this.blockBytes = blockBytes;
        this.blockSize = blockSize;
    }

    /** Bytes that {@code elements} keys or values take (a whole number of blocks). */
    public long bytes(long elements) {
        return (elements + blockSize - 1) / blockSize * blockBytes;
    }
}
