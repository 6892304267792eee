package dev.jollama.engine.model;

/**
 * How an embedding model turns the hidden states of a sequence's tokens into one vector
 * ({@code <arch>.pooling_type}, llama.cpp's numbering). {@link #NONE} keeps every token's vector and {@link #RANK} is a
 * reranker's classification head; neither gives a sentence embedding.
 */
public enum Pooling {
    NONE, MEAN, CLS, LAST, RANK;

    /** The pooling of {@code <arch>.pooling_type}, {@link #NONE} when the key is absent. */
    public static Pooling fromMetadata(ModelMetadata md) throws ModelFormatException {
        int v = md.count("pooling_type", 0);
        if (v >= values().length) throw new ModelFormatException("unknown pooling type " + v + " in " + md.key("pooling_type"));
        return values()[v];
    }

    /** Refuses the pooling types that give no sentence embedding. */
    public void requireSentenceEmbedding() {
        if (this == NONE || this == RANK) throw new IllegalStateException("pooling type " + name().toLowerCase() + " gives no sentence embedding");
    }

    /** Checks that a sequence can be embedded: not empty, at most {@code maxLength} tokens, every id in the vocabulary. */
    public static void check(int[] sequence, int maxLength, int vocabSize) {
        if (sequence.length == 0) throw new IllegalArgumentException("cannot embed an empty sequence");
        if (sequence.length > maxLength) {
            throw new IllegalArgumentException("a sequence of " + sequence.length + " tokens exceeds the " + maxLength + " tokens the model can embed at once");
        }
        for (int t : sequence) {
            if (t < 0 || t >= vocabSize) throw new IllegalArgumentException("token id " + t + " is outside the vocabulary of " + vocabSize);
        }
    }

    /** Whether this pooling reads the hidden state of every token, not only one. */
    public boolean needsAllTokens() {
        return this == MEAN || this == NONE;
    }

    /** The token whose hidden state CLS or LAST pooling takes, of a sequence of {@code length} tokens. */
    public int pickedToken(int length) {
        return this == LAST ? length - 1 : 0;
    }

    /**
     * Pools the {@code length} rows of {@code dim} values that start at row {@code from} of {@code hidden} into
     * {@code out[0 .. dim)}.
     */
    public void pool(float[] hidden, int dim, int from, int length, float[] out) {
        switch (this) {
            case MEAN -> {
                java.util.Arrays.fill(out, 0, dim, 0f);
                for (int t = 0; t < length; t++) {
                    int row = (from + t) * dim;
                    for (int i = 0; i < dim; i++) out[i] += hidden[row + i];
                }
                float inv = 1f / length;
                for (int i = 0; i < dim; i++) out[i] *= inv;
            }
            case CLS, LAST -> System.arraycopy(hidden, (from + pickedToken(length)) * dim, out, 0, dim);
            default -> throw new IllegalStateException("pooling type " + name().toLowerCase() + " gives no sentence embedding");
        }
    }
}
