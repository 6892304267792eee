package dev.jollama.engine.model;

import dev.jollama.engine.tensor.WeightTensor;

/**
 * One block of a BERT-style encoder. {@code ffnGate} only for gated (SwiGLU) feed-forwards. Biases are null when the
 * file has none.
 */
public record EncoderLayerWeights(
        QkvProjection qkv,
        WeightTensor wo, float[] bo,
        float[] attnOutNorm, float[] attnOutNormBias,
        WeightTensor ffnUp, float[] ffnUpBias, WeightTensor ffnGate, WeightTensor ffnDown, float[] ffnDownBias,
        float[] layerOutNorm, float[] layerOutNormBias) {

    static EncoderLayerWeights load(TensorLoader t, ModelConfig c, int i) throws ModelFormatException {
        String p = "blk." + i + ".";
        int d = c.embeddingLength(), q = c.queryDim(), kv = c.keyValueDim(), ff = c.feedForwardLength();
        boolean gated = c.activation() == Activation.SILU;
        return new EncoderLayerWeights(QkvProjection.load(t, p, d, q, kv),
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
