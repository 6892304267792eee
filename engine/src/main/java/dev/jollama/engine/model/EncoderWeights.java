package dev.jollama.engine.model;

import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.tensor.Workers;
import dev.jollama.engine.tensor.WeightTensor;

/**
 * The weights of a BERT-style encoder ({@link Encoder}), mapped from the GGUF file and checked against the
 * configuration: token embeddings, position embeddings (absent when the model uses rotary positions), the first
 * token-type embedding (every input is "sentence A", as in llama.cpp), the embedding LayerNorm, and the blocks.
 */
public record EncoderWeights(WeightTensor tokenEmbedding, WeightTensor positionEmbedding, float[] tokenType,
                             float[] embeddingNorm, float[] embeddingNormBias, EncoderLayerWeights[] layers) {

    public static EncoderWeights load(GgufFile file, ModelConfig c) throws ModelFormatException {
        return load(file, c, null);
    }

    /** Loads with the weights that are repacked at load time split over {@code workers} (may be null). */
    public static EncoderWeights load(GgufFile file, ModelConfig c, Workers workers) throws ModelFormatException {
        TensorLoader t = new TensorLoader(file, workers);
        int d = c.embeddingLength();
        long typeCount = file.metadata().getLong("tokenizer.ggml.token_type_count", 0);
        if (typeCount < 1 || typeCount > ModelMetadata.MAX_DIMENSION) {
            throw new ModelFormatException(c.architecture() + " model needs to define token type count (tokenizer.ggml.token_type_count)");
        }
        WeightTensor types = t.matrix("token_types.weight", d, (int) typeCount, false);
        float[] typeRow = null;
        if (types != null) {
            typeRow = new float[d];
            types.dequantizeRow(0, typeRow, 0);
        }
        EncoderLayerWeights[] layers = new EncoderLayerWeights[c.blockCount()];
        for (int i = 0; i < layers.length; i++) layers[i] = EncoderLayerWeights.load(t, c, i);
        return new EncoderWeights(
                t.matrix("token_embd.weight", d, c.vocabSize(), true),
                c.positionEmbeddings() ? t.matrix("position_embd.weight", d, c.contextLength(), true) : null,
                typeRow,
                t.vector("token_embd_norm.weight", d, true),
                t.vector("token_embd_norm.bias", d, true),
                layers);
    }
}
