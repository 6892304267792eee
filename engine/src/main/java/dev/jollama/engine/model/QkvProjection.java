package dev.jollama.engine.model;

import dev.jollama.engine.tensor.WeightTensor;

import java.util.Arrays;

/**
 * The query, key and value projections of an attention block: one fused matrix ({@code attn_qkv}: query rows, then
 * key rows, then value rows) or three ({@code attn_q}, {@code attn_k}, {@code attn_v}), with optional biases.
 */
public record QkvProjection(int queryRows, int kvRows, WeightTensor wq, WeightTensor wk, WeightTensor wv, WeightTensor wqkv,
                            float[] bq, float[] bk, float[] bv) {

    /** Loads the projections of block {@code prefix} ("blk.N.") for a model of width d, q query and kv key/value rows. */
    static QkvProjection load(TensorLoader t, String prefix, int d, int q, int kv) throws ModelFormatException {
        WeightTensor wqkv = t.matrix(prefix + "attn_qkv.weight", d, q + 2 * kv, false);
        if (wqkv == null) {
            return new QkvProjection(q, kv, t.matrix(prefix + "attn_q.weight", d, q, true), t.matrix(prefix + "attn_k.weight", d, kv, true),
                    t.matrix(prefix + "attn_v.weight", d, kv, true), null, t.vector(prefix + "attn_q.bias", q, false),
                    t.vector(prefix + "attn_k.bias", kv, false), t.vector(prefix + "attn_v.bias", kv, false));
        }
        float[] b = t.vector(prefix + "attn_qkv.bias", q + 2 * kv, false);
        return new QkvProjection(q, kv, null, null, null, wqkv, b == null ? null : Arrays.copyOfRange(b, 0, q),
                b == null ? null : Arrays.copyOfRange(b, q, q + kv), b == null ? null : Arrays.copyOfRange(b, q + kv, q + 2 * kv));
    }

    public boolean fused() {
        return wqkv != null;
    }

    /** Floats of scratch {@link #project} needs for {@code n} tokens. */
    public int scratchSize(int n) {
        return fused() ? n * (queryRows + 2 * kvRows) : 0;
    }

    /**
     * The queries, keys and values of {@code n} tokens of {@code x} (rows of the model's width), biases added.
     * {@code scratch} holds the fused product ({@link #scratchSize}).
     */
    public void project(Products products, float[] x, int n, float[] q, float[] k, float[] v, float[] scratch) {
        int qd = queryRows, kvd = kvRows;
        if (fused()) {
            int stride = qd + 2 * kvd;
            products.multiply(wqkv, x, n, scratch);
            for (int t = 0; t < n; t++) {
                System.arraycopy(scratch, t * stride, q, t * qd, qd);
                System.arraycopy(scratch, t * stride + qd, k, t * kvd, kvd);
                System.arraycopy(scratch, t * stride + qd + kvd, v, t * kvd, kvd);
            }
        } else {
            products.multiply(x, n, new WeightTensor[] {wq, wk, wv}, new float[][] {q, k, v});
        }
        Bias.add(q, n, qd, bq);
        Bias.add(k, n, kvd, bk);
        Bias.add(v, n, kvd, bv);
    }
}
