package dev.jollama.engine.model;

import dev.jollama.engine.tensor.WeightTensor;
import dev.jollama.engine.tensor.Workers;

/**
 * The decoder forward pass shared by every architecture, over a {@link Batch} of tokens that may belong to different
 * sequences. Every matrix product runs once for the whole batch (matrix-matrix, split by rows across the
 * {@link Workers}); attention runs per entry against its own sequence's {@link KvCache}. Activations live in arrays
 * sized for {@code maxBatch} tokens, allocated once; larger batches are processed in chunks of that size.
 */
public final class Transformer {
    private final ModelConfig c;
    private ModelWeights w;
    private BackgroundRepack repacking; // until the first pass takes the repacked weights
    private final Workers workers;
    private final int maxBatch;
    private final Rope[] ropes;
    private final Attention attention;
    private final Products products;

    private final float[] x, xb, q, k, v, att, tmp, ffA, ffB, qkv;

    /**
     * @param contextSize positions per sequence (num_ctx); picks Phi-3's long or short rope factors as llama.cpp does
     * @param maxBatch    tokens per chunk (num_batch)
     */
    public Transformer(ModelConfig c, ModelWeights w, Workers workers, int contextSize, int maxBatch) {
        this(c, w, null, workers, contextSize, maxBatch);
    }

    /** Over weights repacked in the background: the first pass waits until they are complete. */
    public Transformer(ModelConfig c, BackgroundRepack weights, Workers workers, int contextSize, int maxBatch) {
        this(c, weights.asFiled(), weights, workers, contextSize, maxBatch);
    }

    private Transformer(ModelConfig c, ModelWeights w, BackgroundRepack repacking, Workers workers, int contextSize, int maxBatch) {
        this.c = c;
        this.repacking = repacking;
        this.w = w;
        this.workers = workers;
        this.maxBatch = maxBatch;
        float[] factors = w.ropeFactors(c, contextSize);
        ropes = new Rope[c.blockCount()];
        Rope[] bySliding = new Rope[2]; // layers of one kind share a rope, so a token's angles are computed once
        for (int l = 0; l < ropes.length; l++) {
            int kind = c.isSliding(l) ? 1 : 0;
            if (bySliding[kind] == null) bySliding[kind] = new Rope(c.rope(), c.isSliding(l), factors);
            ropes[l] = bySliding[kind];
        }
        int d = c.embeddingLength(), ff = c.feedForwardLength();
        x = new float[maxBatch * d];
        xb = new float[maxBatch * d];
        tmp = new float[maxBatch * d];
        q = new float[maxBatch * c.queryDim()];
        att = new float[maxBatch * c.queryDim()];
        k = new float[maxBatch * c.keyValueDim()];
        v = new float[maxBatch * c.keyValueDim()];
        ffA = new float[maxBatch * ff * (c.fusedGateUp() ? 2 : 1)];
        ffB = new float[maxBatch * ff];
        qkv = new float[w.layers()[0].qkv().scratchSize(maxBatch)];
        attention = new Attention(c, workers);
        products = new Products(workers);
    }

    public ModelConfig config() {
        return c;
    }

    /** The weights the passes use (waits for a background repacking). */
    public synchronized ModelWeights weights() {
        settle();
        return w;
    }

    private void settle() {
        if (repacking == null) return;
        w = repacking.repacked();
        repacking = null;
    }

    /** Rotates cached keys by a position delta in the given layer (for context shifts). */
    public void rotateKey(int layer, float[] key, int offset, int delta) {
        float[] a = new float[c.rope().dimensions()];
        ropes[layer].angles(delta, a);
        ropes[layer].rotate(key, offset, c.headCountKv(), c.keyLength(), a);
    }

    /** Evaluates every entry of the batch, filling the caches and the logits of the entries that asked for them. */
    public synchronized void forward(Batch batch) {
        int vocab = c.vocabSize();
        for (int i = 0; i < batch.size(); i++) {
            int t = batch.token(i);
            if (t < 0 || t >= vocab) throw new IllegalArgumentException("token id " + t + " is outside the vocabulary of " + vocab);
        }
        settle();
        for (int from = 0; from < batch.size(); from += maxBatch) forwardChunk(batch, from, Math.min(maxBatch, batch.size() - from));
        if (batch.outputs() > 0 && !batch.isHiddenOnly()) {
            float[] hidden = batch.hidden(c.embeddingLength());
            float[] logits = batch.logitsBuffer(vocab);
            matmul(w.output(), hidden, batch.outputs(), logits);
            for (int r = 0; r < batch.outputs(); r++) {
                int off = r * vocab;
                if (w.outputBias() != null) for (int i = 0; i < vocab; i++) logits[off + i] += w.outputBias()[i];
                if (c.finalSoftcap() != 0f) {
                    float cap = c.finalSoftcap(), inv = 1f / cap;
                    for (int i = 0; i < vocab; i++) logits[off + i] = (float) Math.tanh(logits[off + i] * inv) * cap;
                }
            }
        }
    }

    private void forwardChunk(Batch b, int from, int n) {
        int d = c.embeddingLength();
        for (int t = 0; t < n; t++) {
            w.tokenEmbedding().dequantizeRow(b.token(from + t), x, t * d);
            if (c.embeddingScale() != 1f) for (int i = t * d; i < (t + 1) * d; i++) x[i] *= c.embeddingScale();
        }
        for (int l = 0; l < c.blockCount(); l++) {
            LayerWeights lw = w.layers()[l];
            attention(b, from, n, l, lw);
            feedForward(n, lw);
        }
        float[] hidden = b.hidden(d);
        for (int t = 0; t < n; t++) {
            int row = b.outputRow(from + t);
            if (row >= 0) RmsNorm.apply(x, t * d, d, w.outputNorm(), c.normEpsilon(), hidden, row * d);
        }
    }

    private void attention(Batch b, int from, int n, int l, LayerWeights lw) {
        int d = c.embeddingLength(), qd = c.queryDim(), kvd = c.keyValueDim(), hd = c.keyLength();
        for (int t = 0; t < n; t++) RmsNorm.apply(x, t * d, d, lw.attnNorm(), c.normEpsilon(), xb, t * d);
        lw.qkv().project(products, xb, n, q, k, v, qkv);
        if (c.queryKeyNorm()) {
            RmsNorm.applyEach(q, 0, n * c.headCount(), hd, lw.qNorm(), c.normEpsilon());
            RmsNorm.applyEach(k, 0, n * c.headCountKv(), hd, lw.kNorm(), c.normEpsilon());
        }
        Rope rope = ropes[l];
        for (int t = 0; t < n; t++) {
            float[] angles = rope.anglesOf(b.position(from + t));
            rope.rotate(q, t * qd, c.headCount(), hd, angles);
            rope.rotate(k, t * kvd, c.headCountKv(), hd, angles);
            b.cache(from + t).store(l, b.position(from + t), k, t * kvd, v, t * kvd);
        }
        float scale = c.attentionScale();
        if (c.scaleQueries()) {
            for (int i = 0; i < n * qd; i++) q[i] *= scale;
            scale = 1f;
        }
        attention.run(b, from, n, l, q, att, scale);
        matmul(lw.wo(), att, n, tmp);
        Bias.add(tmp, n, d, lw.bo());
        residual(n, lw.postAttnNorm());
    }

    private void feedForward(int n, LayerWeights lw) {
        int d = c.embeddingLength(), ff = c.feedForwardLength();
        for (int t = 0; t < n; t++) RmsNorm.apply(x, t * d, d, lw.ffnNorm(), c.normEpsilon(), xb, t * d);
        Activation act = c.activation();
        if (lw.ffnGate() == null) {
            matmul(lw.ffnUp(), xb, n, ffA);
            workers.forRange(n, 1, (lo, hi) -> {
                for (int t = lo; t < hi; t++) act.gated(ffA, t * 2 * ff, ffA, t * 2 * ff + ff, ffB, t * ff, ff);
            });
        } else {
            products.multiply(xb, n, new WeightTensor[] {lw.ffnGate(), lw.ffnUp()}, new float[][] {ffA, ffB});
            Bias.add(ffA, n, ff, lw.ffnGateBias());
            Bias.add(ffB, n, ff, lw.ffnUpBias());
            workers.forRange(n, 1, (lo, hi) -> {
                for (int t = lo; t < hi; t++) act.gated(ffA, t * ff, ffB, t * ff, ffB, t * ff, ff);
            });
        }
        matmul(lw.ffnDown(), ffB, n, tmp);
        Bias.add(tmp, n, d, lw.ffnDownBias());
        residual(n, lw.postFfnNorm());
    }

    /** x += tmp, with tmp normalised first when the architecture has a post-norm there. */
    private void residual(int n, float[] postNorm) {
        int d = c.embeddingLength();
        if (postNorm != null) RmsNorm.applyEach(tmp, 0, n, d, postNorm, c.normEpsilon());
        for (int i = 0; i < n * d; i++) x[i] += tmp[i];
    }


    private void matmul(WeightTensor m, float[] in, int n, float[] out) {
        products.multiply(m, in, n, out);
    }
}
