package dev.jollama.engine;

import dev.jollama.engine.model.KvCacheType;

/**
 * Ollama's load-time options for the engine.
 *
 * @param numCtx      positions per session (num_ctx); 0 means the model's training context, at most 4096
 * @param numBatch    tokens evaluated per forward pass when processing a prompt (num_batch)
 * @param numThread   worker threads; 0 means one per available processor
 * @param useMmap     map the file (the default); false reads it into off-heap memory instead
 * @param kvCacheType element type of the KV cache (F16 as in Ollama and llama.cpp)
 */
public record LoadOptions(int numCtx, int numBatch, int numThread, boolean useMmap, KvCacheType kvCacheType) {

    public static final LoadOptions DEFAULTS = new LoadOptions(0, 512, 0, true, KvCacheType.F16);

    public LoadOptions {
        if (numCtx < 0) throw new IllegalArgumentException("num_ctx must not be negative");
        if (numBatch < 1) throw new IllegalArgumentException("num_batch must be positive");
        if (numThread < 0) throw new IllegalArgumentException("num_thread must not be negative");
        if (kvCacheType == null) kvCacheType = KvCacheType.F16;
    }

    public LoadOptions withNumCtx(int n) {
        return new LoadOptions(n, numBatch, numThread, useMmap, kvCacheType);
    }

    public LoadOptions withNumBatch(int n) {
        return new LoadOptions(numCtx, n, numThread, useMmap, kvCacheType);
    }

    public LoadOptions withNumThread(int n) {
        return new LoadOptions(numCtx, numBatch, n, useMmap, kvCacheType);
    }

    public LoadOptions withUseMmap(boolean mmap) {
        return new LoadOptions(numCtx, numBatch, numThread, mmap, kvCacheType);
    }

    public LoadOptions withKvCacheType(KvCacheType t) {
        return new LoadOptions(numCtx, numBatch, numThread, useMmap, t);
    }

    /** Threads actually used. */
    public int threads() {
        return numThread > 0 ? numThread : Runtime.getRuntime().availableProcessors();
    }
}
