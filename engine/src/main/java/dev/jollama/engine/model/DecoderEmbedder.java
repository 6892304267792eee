package dev.jollama.engine.model;

/**
 * Embeddings from a decoder that declares a pooling type (Qwen3-Embedding and the like): the sequences run through
 * the shared {@link Transformer} together, each with a KV cache of its own, and the pooled tokens' final normalised
 * hidden states (llama.cpp's {@code result_norm}) are taken instead of logits.
 */
public final class DecoderEmbedder implements Embedder {
    private final Transformer transformer;
    private final KvCacheType cacheType;
    private final int maxSequenceLength;

    /** @param maxSequenceLength the most tokens per sequence (num_ctx) */
    public DecoderEmbedder(Transformer transformer, KvCacheType cacheType, int maxSequenceLength) {
        this.transformer = transformer;
        this.cacheType = cacheType;
        this.maxSequenceLength = maxSequenceLength;
    }

    @Override
    public int dimension() {
        return transformer.config().embeddingLength();
    }

    @Override
    public Pooling pooling() {
        return transformer.config().pooling();
    }

    @Override
    public void check(int[] sequence) {
        Pooling.check(sequence, maxSequenceLength(), transformer.config().vocabSize());
    }

    @Override
    public int maxSequenceLength() {
        return maxSequenceLength;
    }

    @Override
    public float[][] embed(int[][] sequences) {
        ModelConfig c = transformer.config();
        Pooling pooling = c.pooling();
        pooling.requireSentenceEmbedding();
        int total = 0;
        for (int[] s : sequences) {
            check(s);
            total += s.length;
        }
        if (sequences.length == 0) return new float[0][];
        Batch batch = new Batch(total);
        batch.hiddenOnly(true);
        int[] firstRow = new int[sequences.length];
        for (int i = 0; i < sequences.length; i++) {
            int[] s = sequences[i];
            KvCache cache = KvCache.create(cacheType, c, s.length);
            firstRow[i] = -1;
            for (int p = 0; p < s.length; p++) {
                boolean pooled = pooling.needsAllTokens() || p == pooling.pickedToken(s.length);
                int row = batch.add(cache, s[p], pooled);
                if (firstRow[i] < 0 && row >= 0) firstRow[i] = row;
            }
        }
        transformer.forward(batch);
        float[] hidden = batch.hidden(dimension());
        float[][] out = new float[sequences.length][];
        for (int i = 0; i < sequences.length; i++) {
            out[i] = new float[dimension()];
            // only the pooled tokens have rows: all of them for mean pooling, else the one token
            if (pooling.needsAllTokens()) pooling.pool(hidden, dimension(), firstRow[i], sequences[i].length, out[i]);
            else System.arraycopy(hidden, firstRow[i] * dimension(), out[i], 0, dimension());
        }
        return out;
    }
}
