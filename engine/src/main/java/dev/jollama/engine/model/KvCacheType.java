package dev.jollama.engine.model;

/** Element type of the KV cache. F16 is llama.cpp's and Ollama's default. */
public enum KvCacheType {
    F32(4), F16(2);

    /** Bytes per stored key or value element. */
    public final int bytesPerElement;

    KvCacheType(int bytesPerElement) {
        this.bytesPerElement = bytesPerElement;
    }
}
