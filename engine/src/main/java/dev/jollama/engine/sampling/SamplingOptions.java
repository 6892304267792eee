package dev.jollama.engine.sampling;

/**
 * Ollama's sampling options with Ollama's defaults ({@code api.DefaultOptions}).
 *
 * @param temperature      0 (or less) picks the most likely token
 * @param topK             keep the k most likely tokens; 0 or less disables
 * @param topP             keep the smallest set whose probability reaches p; 1 disables
 * @param minP             drop tokens less likely than p times the most likely one; 0 disables
 * @param typicalP         locally typical sampling; 1 disables
 * @param repeatLastN      how many recent tokens the penalties look at; 0 disables, -1 means the whole context
 * @param repeatPenalty    divides positive (multiplies negative) logits of recent tokens; 1 disables
 * @param presencePenalty  subtracted once from the logit of every recent token
 * @param frequencyPenalty subtracted per occurrence from the logit of recent tokens
 * @param seed             -1 for a random seed; any other value makes sampling reproducible
 */
public record SamplingOptions(float temperature, int topK, float topP, float minP, float typicalP, int repeatLastN,
                              float repeatPenalty, float presencePenalty, float frequencyPenalty, long seed) {

    public static final SamplingOptions DEFAULTS = new SamplingOptions(0.8f, 40, 0.9f, 0f, 1f, 64, 1f, 0f, 0f, -1);

    /** Greedy decoding: always the most likely token, no penalties. */
    public static final SamplingOptions GREEDY = new SamplingOptions(0f, 40, 0.9f, 0f, 1f, 64, 1f, 0f, 0f, -1);

    public SamplingOptions {
        if (!Float.isFinite(repeatPenalty) || repeatPenalty <= 0f) throw new IllegalArgumentException("repeat_penalty must be finite and greater than 0");
        if (!Float.isFinite(frequencyPenalty)) throw new IllegalArgumentException("frequency_penalty must be finite");
        if (!Float.isFinite(presencePenalty)) throw new IllegalArgumentException("presence_penalty must be finite");
        if (Float.isNaN(temperature) || Float.isNaN(topP) || Float.isNaN(minP) || Float.isNaN(typicalP)) {
            throw new IllegalArgumentException("sampling options must be numbers");
        }
        if (repeatLastN < -1) throw new IllegalArgumentException("repeat_last_n must be -1 or greater");
    }

    public SamplingOptions withTemperature(float t) {
        return new SamplingOptions(t, topK, topP, minP, typicalP, repeatLastN, repeatPenalty, presencePenalty, frequencyPenalty, seed);
    }

    public SamplingOptions withSeed(long s) {
        return new SamplingOptions(temperature, topK, topP, minP, typicalP, repeatLastN, repeatPenalty, presencePenalty, frequencyPenalty, s);
    }
}
