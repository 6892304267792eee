package dev.jollama.engine.model;

import dev.jollama.engine.tensor.WeightTensor;

/**
 * The weights of one transformer block. Either {@code ffnGate} or a fused {@code ffnUp} holding gate rows then up
 * rows. Optional parts are null.
 */
public record LayerWeights(
        float[] attnNorm,
        QkvProjection qkv,
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
        boolean fused = c.fusedGateUp();
        return new LayerWeights(
                t.vector(p + "attn_norm.weight", d, true),
                QkvProjection.load(t, p, d, q, kv),
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
