package dev.jollama.engine.model;

/** Element type of the KV cache. F16 is llama.cpp's and Ollama's default. */
public enum KvCacheType {
    F32, F16
}
