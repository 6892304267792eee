package dev.jollama.engine.model;

import dev.jollama.engine.tensor.WeightTensor;

import java.util.Arrays;

/**
 * One block of a BERT-style encoder. Either {@code wqkv} (fused) or {@code wq}, {@code wk}, {@code wv} are set;
 * {@code ffnGate} only for gated (SwiGLU) feed-forwards. Biases are null when the file has none.
 */
public record EncoderLayerWeights(
        WeightTensor wq, WeightTensor wk, WeightTensor wv, WeightTensor wqkv,
        float[] bq, float[] bk, float[] bv,
        WeightTensor wo, float[] bo,
        float[] attnOutNorm, float[] attnOutNormBias,
        WeightTensor ffnUp, float[] ffnUpBias, WeightTensor ffnGate, WeightTensor ffnDown, float[] ffnDownBias,
        float[] layerOutNorm, float[] layerOutNormBias) {

    static EncoderLayerWeights load(TensorLoader t, ModelConfig c, int i) throws ModelFormatException {
        String p = "blk." + i + ".";
        int d = c.embeddingLength(), q = c.queryDim(), kv = c.keyValueDim(), ff = c.feedForwardLength();
        WeightTensor wqkv = t.matrix(p + "attn_qkv.weight", d, q + 2 * kv, false);
        WeightTensor wq = null, wk = null, wv = null;
        float[] bq, bk, bv;
        if (wqkv == null) {
            wq = t.matrix(p + "attn_q.weight", d, q, true);
            wk = t.matrix(p + "attn_k.weight", d, kv, true);
            wv = t.matrix(p + "attn_v.weight", d, kv, true);
            bq = t.vector(p + "attn_q.bias", q, false);
            bk = t.vector(p + "attn_k.bias", kv, false);
            bv = t.vector(p + "attn_v.bias", kv, false);
        } else {
            float[] b = t.vector(p + "attn_qkv.bias", q + 2 * kv, false);
            bq = b == null ? null : Arrays.copyOfRange(b, 0, q);
            bk = b == null ? null : Arrays.copyOfRange(b, q, q + kv);
            bv = b == null ? null : Arrays.copyOfRange(b, q + kv, q + 2 * kv);
        }
        boolean gated = c.activation() == Activation.SILU;
        return new EncoderLayerWeights(wq, wk, wv, wqkv, bq, bk, bv,
                t.matrix(p + "attn_output.weight", q, d, true),
                t.vector(p + "attn_output.bias", d, false),
                t.vector(p + "attn_output_norm.weight", d, true),
                t.vector(p + "attn_output_norm.bias", d, true),
                t.matrix(p + "ffn_up.weight", d, ff, true),
                t.vector(p + "ffn_up.bias", ff, false),
                gated ? t.matrix(p + "ffn_gate.weight", d, ff, true) : null,
                t.matrix(p + "ffn_down.weight", ff, d, true),
                t.vector(p + "ffn_down.bias", d, false),
                t.vector(p + "layer_output_norm.weight", d, true),
                t.vector(p + "layer_output_norm.bias", d, true));
    }
}
