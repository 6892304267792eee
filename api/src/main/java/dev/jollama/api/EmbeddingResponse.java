package dev.jollama.api;

/** Answer of the legacy POST /api/embeddings: one raw (not normalised) vector. */
public record EmbeddingResponse(double[] embedding) {
}
