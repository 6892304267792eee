package dev.jollama.engine.model;

import dev.jollama.engine.tensor.WeightTensor;

/**
 * The weights of one transformer block. Either {@code wqkv} (fused) or {@code wq}, {@code wk}, {@code wv} are set;
 * either {@code ffnGate} or a fused {@code ffnUp} holding gate rows then up rows. Optional parts are null.
 */
public record LayerWeights(
        float[] attnNorm,
        WeightTensor wq, WeightTensor wk, WeightTensor wv, WeightTensor wqkv,
        float[] bq, float[] bk, float[] bv,
        float[] qNorm, float[] kNorm,
        WeightTensor wo, float[] bo,
        float[] postAttnNorm,
        float[] ffnNorm,
        WeightTensor ffnGate, WeightTensor ffnUp, WeightTensor ffnDown,
        float[] ffnGateBias, float[] ffnUpBias, float[] ffnDownBias,
        float[] postFfnNorm) {

    static LayerWeights load(TensorLoader t, ModelConfig c, int i) throws ModelFormatException {
        String p = "blk." + i + ".";
        int d = c.embeddingLength(), q = c.queryDim(), kv = c.keyValueDim(), ff = c.feedForwardLength();
        WeightTensor wqkv = t.matrix(p + "attn_qkv.weight", d, q + 2 * kv, false);
        WeightTensor wq = null, wk = null, wv = null;
        float[] bq, bk, bv;
        if (wqkv == null) {
            wq = t.matrix(p + "attn_q.weight", d, q, true);
            wk = t.matrix(p + "attn_k.weight", d, kv, true);
            wv = t.matrix(p + "attn_v.weight", d, kv, true);
        }
        float[] bqkv = wqkv != null ? t.vector(p + "attn_qkv.bias", q + 2 * kv, false) : null;
        if (bqkv != null) {
            bq = java.util.Arrays.copyOfRange(bqkv, 0, q);
            bk = java.util.Arrays.copyOfRange(bqkv, q, q + kv);
            bv = java.util.Arrays.copyOfRange(bqkv, q + kv, q + 2 * kv);
        } else {
            bq = t.vector(p + "attn_q.bias", q, false);
            bk = t.vector(p + "attn_k.bias", kv, false);
            bv = t.vector(p + "attn_v.bias", kv, false);
        }
        boolean fused = c.fusedGateUp();
        return new LayerWeights(
                t.vector(p + "attn_norm.weight", d, true),
                wq, wk, wv, wqkv, bq, bk, bv,
                c.queryKeyNorm() ? t.vector(p + "attn_q_norm.weight", c.keyLength(), true) : null,
                c.queryKeyNorm() ? t.vector(p + "attn_k_norm.weight", c.keyLength(), true) : null,
                t.matrix(p + "attn_output.weight", q, d, true),
                t.vector(p + "attn_output.bias", d, false),
                c.postNorms() ? t.vector(p + "post_attention_norm.weight", d, true) : null,
                t.vector(p + "ffn_norm.weight", d, true),
                fused ? null : t.matrix(p + "ffn_gate.weight", d, ff, true),
                t.matrix(p + "ffn_up.weight", d, fused ? 2 * ff : ff, true),
                t.matrix(p + "ffn_down.weight", ff, d, true),
                fused ? null : t.vector(p + "ffn_gate.bias", ff, false),
                fused ? null : t.vector(p + "ffn_up.bias", ff, false),
                t.vector(p + "ffn_down.bias", d, false),
                c.postNorms() ? t.vector(p + "post_ffw_norm.weight", d, true) : null);
    }
}
