package dev.jollama.engine.runtime;

import dev.jollama.engine.sampling.SamplingOptions;
import dev.jollama.engine.sampling.TokenConstraint;

import java.util.List;

/**
 * What to generate: a prompt (token ids, BOS included when the model wants one) and Ollama's runtime options.
 *
 * @param numPredict  tokens to generate at most; -1 (or any negative) means until a stop, bounded to 10 x num_ctx
 * @param stop        stop strings; generation ends before the first one, which is not returned
 * @param numKeep     prompt tokens (after BOS) kept when the context shifts or the prompt is truncated; -1 = all
 * @param logprobs    report each token's log-probability
 * @param topLogprobs how many alternatives to report with each token (0..20 in Ollama)
 * @param constraint  grammar constraint, or null
 * @param shift       when the context fills up, discard half of it (after numKeep) instead of stopping
 * @param truncate    cut a prompt that does not fit the context instead of failing
 */
public record GenerateRequest(int[] prompt, SamplingOptions sampling, int numPredict, List<String> stop, int numKeep,
                              boolean logprobs, int topLogprobs, TokenConstraint constraint, boolean shift,
                              boolean truncate) {

    public GenerateRequest {
        if (prompt == null || prompt.length == 0) throw new IllegalArgumentException("the prompt has no tokens");
        prompt = prompt.clone();
        stop = stop == null ? List.of() : List.copyOf(stop);
        if (sampling == null) sampling = SamplingOptions.DEFAULTS;
        if (topLogprobs < 0) throw new IllegalArgumentException("top_logprobs must not be negative");
    }

    /** A request with Ollama's defaults: default sampling, until a stop, num_keep 4, shift and truncate on. */
    public static GenerateRequest of(int[] prompt) {
        return new GenerateRequest(prompt, SamplingOptions.DEFAULTS, -1, List.of(), 4, false, 0, null, true, true);
    }

    public GenerateRequest withSampling(SamplingOptions s) {
        return new GenerateRequest(prompt, s, numPredict, stop, numKeep, logprobs, topLogprobs, constraint, shift, truncate);
    }

    public GenerateRequest withNumPredict(int n) {
        return new GenerateRequest(prompt, sampling, n, stop, numKeep, logprobs, topLogprobs, constraint, shift, truncate);
    }

    public GenerateRequest withStop(List<String> s) {
        return new GenerateRequest(prompt, sampling, numPredict, s, numKeep, logprobs, topLogprobs, constraint, shift, truncate);
    }

    public GenerateRequest withNumKeep(int k) {
        return new GenerateRequest(prompt, sampling, numPredict, stop, k, logprobs, topLogprobs, constraint, shift, truncate);
    }

    public GenerateRequest withLogprobs(boolean on, int top) {
        return new GenerateRequest(prompt, sampling, numPredict, stop, numKeep, on, top, constraint, shift, truncate);
    }

    public GenerateRequest withConstraint(TokenConstraint c) {
        return new GenerateRequest(prompt, sampling, numPredict, stop, numKeep, logprobs, topLogprobs, c, shift, truncate);
    }

    public GenerateRequest withContextHandling(boolean shift, boolean truncate) {
        return new GenerateRequest(prompt, sampling, numPredict, stop, numKeep, logprobs, topLogprobs, constraint, shift, truncate);
    }
}
