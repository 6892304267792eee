package dev.jollama.engine.model;

import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.tensor.WeightTensor;
import dev.jollama.engine.tensor.Workers;

/**
 * All weights of a model, mapped from the GGUF file (matrices stay in the mapping; only the small vectors become
 * float arrays). Loading checks every tensor's presence and shape against the {@link ModelConfig}.
 *
 * @param ropeFreqs      Llama 3.1 frequency divisors, or null
 * @param ropeLongFactors Phi-3 128k frequency divisors for contexts beyond the original one, or null
 * @param ropeShortFactors Phi-3 128k frequency divisors up to the original context, or null
 */
public record ModelWeights(WeightTensor tokenEmbedding, float[] outputNorm, WeightTensor output, float[] outputBias,
                           LayerWeights[] layers, float[] ropeFreqs, float[] ropeLongFactors, float[] ropeShortFactors) {

    public static ModelWeights load(GgufFile file, ModelConfig c) throws ModelFormatException {
        return load(file, c, null);
    }

    /** Loads with the weights that are repacked at load time ({@link WeightTensor#repacked}) split over {@code workers} (may be null). */
    public static ModelWeights load(GgufFile file, ModelConfig c, Workers workers) throws ModelFormatException {
        return load(new TensorLoader(file, workers), c);
    }

    static ModelWeights load(TensorLoader t, ModelConfig c) throws ModelFormatException {
        int d = c.embeddingLength();
        WeightTensor embedding = t.matrix("token_embd.weight", d, c.vocabSize(), true);
        WeightTensor output = c.tiedOutputOnly() ? null : t.matrix("output.weight", d, c.vocabSize(), false);
        LayerWeights[] layers = new LayerWeights[c.blockCount()];
        for (int i = 0; i < layers.length; i++) layers[i] = LayerWeights.load(t, c, i);
        int half = c.rope().dimensions() / 2;
        return new ModelWeights(embedding,
                t.vector("output_norm.weight", d, true),
                output != null ? output : embedding,
                t.vector("output.bias", c.vocabSize(), false),
                layers,
                positive(t.vector("rope_freqs.weight", half, false), "rope_freqs.weight"),
                positive(t.vector("rope_factors_long.weight", half, false), "rope_factors_long.weight"),
                positive(t.vector("rope_factors_short.weight", half, false), "rope_factors_short.weight"));
    }

    /** Rope frequency factors divide frequencies: zero or negative ones are a broken file. */
    private static float[] positive(float[] factors, String name) throws ModelFormatException {
        if (factors != null) for (float f : factors) if (!(f > 0)) throw new ModelFormatException("tensor " + name + " holds a factor that is not positive");
        return factors;
    }

    /** The frequency divisors llama.cpp picks for a context of {@code contextSize} tokens per sequence. */
    public float[] ropeFactors(ModelConfig c, int contextSize) {
        if (ropeFreqs != null) return ropeFreqs;
        return contextSize > c.rope().originalContext() ? ropeLongFactors : ropeShortFactors;
    }
}
