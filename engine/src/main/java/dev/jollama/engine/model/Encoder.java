package dev.jollama.engine.model;

import dev.jollama.engine.tensor.WeightTensor;
import dev.jollama.engine.tensor.Workers;

/**
 * The forward pass of a BERT-style encoder, shared by {@code bert} and {@code nomic-bert}: token (+ token type, +
 * position) embeddings and a LayerNorm, then per block attention over the whole sequence, residual and LayerNorm,
 * feed-forward (GELU, or SwiGLU when gated), residual and LayerNorm; the last hidden states are pooled per sequence.
 *
 * <p>Many sequences run in one pass: they are packed one after another into a batch of at most {@code maxTokens}
 * tokens, every matrix product runs once for the whole batch, and attention stays within each sequence.
 */
public final class Encoder implements Embedder {
    private final ModelConfig c;
    private final EncoderWeights w;
    private final Workers workers;
    private final Products products;
    private final int maxTokens;
    private final int maxSequenceLength;
    private final Rope rope;
    private final SequenceAttention attention;

    private final float[] x, tmp, q, k, v, att, up, gate, qkv, angles;
    private final int[] starts, lengths;

    /**
     * @param maxTokens         tokens per forward pass (num_batch)
     * @param maxSequenceLength the longest sequence accepted (num_ctx); capped at {@code maxTokens}, and for learned
     *                          positions at the training context
     */
    public Encoder(ModelConfig c, EncoderWeights w, Workers workers, int maxTokens, int maxSequenceLength) {
        if (maxTokens < 1 || maxSequenceLength < 1) throw new IllegalArgumentException("an encoder needs room for at least one token");
        this.c = c;
        this.w = w;
        this.workers = workers;
        this.products = new Products(workers);
        this.maxTokens = maxTokens;
        this.maxSequenceLength = Math.min(maxSequenceLength, c.positionEmbeddings() ? Math.min(maxTokens, c.contextLength()) : maxTokens);
        this.rope = c.positionEmbeddings() ? null : new Rope(c.rope(), false, null);
        this.attention = new SequenceAttention(c.headCount(), c.headCountKv(), c.keyLength());
        int d = c.embeddingLength(), ff = c.feedForwardLength();
        x = new float[maxTokens * d];
        tmp = new float[maxTokens * d];
        q = new float[maxTokens * c.queryDim()];
        att = new float[maxTokens * c.queryDim()];
        k = new float[maxTokens * c.keyValueDim()];
        v = new float[maxTokens * c.keyValueDim()];
        up = new float[maxTokens * ff];
        gate = new float[w.layers()[0].ffnGate() != null ? maxTokens * ff : 0];
        qkv = new float[w.layers()[0].qkv().scratchSize(maxTokens)];
        angles = new float[c.rope().dimensions()];
        starts = new int[maxTokens];
        lengths = new int[maxTokens];
    }

    public ModelConfig config() {
        return c;
    }

    @Override
    public int dimension() {
        return c.embeddingLength();
    }

    @Override
    public Pooling pooling() {
        return c.pooling();
    }

    @Override
    public void check(int[] sequence) {
        Pooling.check(sequence, maxSequenceLength(), c.vocabSize());
    }

    /** The most tokens one sequence may have: num_ctx, num_batch, and for learned positions the training context. */
    @Override
    public int maxSequenceLength() {
        return maxSequenceLength;
    }

    /** Sequences are packed into passes of at most {@code maxTokens} tokens, in the order given. */
    @Override
    public synchronized float[][] embed(int[][] sequences) {
        Pooling pooling = c.pooling();
        pooling.requireSentenceEmbedding();
        for (int[] s : sequences) check(s);
        float[][] out = new float[sequences.length][];
        for (int first = 0; first < sequences.length; ) {
            int count = 0, total = 0;
            while (first + count < sequences.length && total + sequences[first + count].length <= maxTokens) {
                total += sequences[first + count].length;
                count++;
            }
            forward(sequences, first, count, total);
            for (int s = 0; s < count; s++) {
                float[] e = new float[dimension()];
                pooling.pool(x, dimension(), starts[s], lengths[s], e);
                out[first + s] = e;
            }
            first += count;
        }
        return out;
    }

    private void forward(int[][] sequences, int first, int count, int n) {
        int d = c.embeddingLength();
        float eps = c.normEpsilon();
        int t = 0;
        for (int s = 0; s < count; s++) {
            int[] seq = sequences[first + s];
            starts[s] = t;
            lengths[s] = seq.length;
            for (int p = 0; p < seq.length; p++, t++) embedToken(seq[p], p, t);
        }
        LayerNorm.applyEach(x, 0, n, d, w.embeddingNorm(), w.embeddingNormBias(), eps);
        for (EncoderLayerWeights lw : w.layers()) {
            attention(lw, count, n);
            feedForward(lw, n);
        }
    }

    private void embedToken(int token, int position, int t) {
        int d = c.embeddingLength(), off = t * d;
        w.tokenEmbedding().dequantizeRow(token, x, off);
        if (w.tokenType() != null) for (int i = 0; i < d; i++) x[off + i] += w.tokenType()[i];
        if (w.positionEmbedding() != null) {
            w.positionEmbedding().dequantizeRow(position, tmp, 0);
            for (int i = 0; i < d; i++) x[off + i] += tmp[i];
        }
    }

    private void attention(EncoderLayerWeights lw, int count, int n) {
        int d = c.embeddingLength(), qd = c.queryDim(), kvd = c.keyValueDim();
        lw.qkv().project(products, x, n, q, k, v, qkv);
        if (rope != null) {
            for (int s = 0; s < count; s++) {
                for (int p = 0; p < lengths[s]; p++) {
                    int tok = starts[s] + p;
                    rope.angles(p, angles);
                    rope.rotate(q, tok * qd, c.headCount(), c.keyLength(), angles);
                    rope.rotate(k, tok * kvd, c.headCountKv(), c.keyLength(), angles);
                }
            }
        }
        attention.attend(workers, q, k, v, att, starts, lengths, count, c.attentionScale(), c.causal());
        matmul(lw.wo(), att, n, tmp);
        Bias.add(tmp, n, d, lw.bo());
        residualNorm(n, lw.attnOutNorm(), lw.attnOutNormBias());
    }

    private void feedForward(EncoderLayerWeights lw, int n) {
        int d = c.embeddingLength(), ff = c.feedForwardLength();
        matmul(lw.ffnUp(), x, n, up);
        Bias.add(up, n, ff, lw.ffnUpBias());
        Activation act = c.activation();
        if (lw.ffnGate() != null) {
            matmul(lw.ffnGate(), x, n, gate);
            workers.forRange(n, 1, (lo, hi) -> {
                for (int i = lo * ff; i < hi * ff; i++) up[i] = act.apply(gate[i]) * up[i];
            });
        } else {
            workers.forRange(n, 1, (lo, hi) -> {
                for (int i = lo * ff; i < hi * ff; i++) up[i] = act.apply(up[i]);
            });
        }
        matmul(lw.ffnDown(), up, n, tmp);
        Bias.add(tmp, n, d, lw.ffnDownBias());
        residualNorm(n, lw.layerOutNorm(), lw.layerOutNormBias());
    }

    /** x = LayerNorm(x + tmp): BERT's post-norm residual. */
    private void residualNorm(int n, float[] weight, float[] bias) {
        int d = c.embeddingLength();
        float eps = c.normEpsilon();
        workers.forRange(n, 1, (lo, hi) -> {
            for (int i = lo * d; i < hi * d; i++) x[i] += tmp[i];
            LayerNorm.applyEach(x, lo * d, hi - lo, d, weight, bias, eps);
        });
    }


    private void matmul(WeightTensor m, float[] in, int n, float[] out) {
        products.multiply(m, in, n, out);
    }
}
