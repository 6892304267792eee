package dev.jollama.engine.model;

/**
 * An embedding model's forward pass and pooling: token sequences in, one vector per sequence out, raw (not
 * normalised). One implementation per kind of network: {@link Encoder} for BERT-style encoders,
 * {@link DecoderEmbedder} for decoders with a pooling type (last-token pooling, e.g. Qwen3-Embedding).
 */
public interface Embedder {
    /** Length of the vectors. */
    int dimension();

    Pooling pooling();

    /** The most tokens one sequence may have. */
    int maxSequenceLength();

    /**
     * Refuses a sequence {@link #embed} would refuse.
     *
     * @throws IllegalArgumentException when it is empty, longer than {@link #maxSequenceLength()}, or has a token
     *                                  outside the vocabulary
     */
    void check(int[] sequence);

    /**
     * The pooled vector of every sequence, computed in as few forward passes as fit. Not thread-safe across calls
     * that overlap; {@link dev.jollama.engine.runtime.EmbeddingQueue} serialises and merges concurrent callers.
     *
     * @throws IllegalArgumentException for a sequence {@link #check} refuses
     * @throws IllegalStateException    when the pooling type gives no sentence embedding (none, rank)
     */
    float[][] embed(int[][] sequences);
}
