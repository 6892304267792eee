package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Timings and token counts of a finished generate/chat request; durations in nanoseconds, zero ones omitted.
 * Embedded flat in the responses with {@code @JsonUnwrapped}, as Go embeds it.
 */
public record Metrics(
        @OmitEmpty @JsonProperty("total_duration") long totalDuration,
        @OmitEmpty @JsonProperty("load_duration") long loadDuration,
        @OmitEmpty @JsonProperty("prompt_eval_count") int promptEvalCount,
        @OmitEmpty @JsonProperty("prompt_eval_duration") long promptEvalDuration,
        @OmitEmpty @JsonProperty("eval_count") int evalCount,
        @OmitEmpty @JsonProperty("eval_duration") long evalDuration) {
    public static final Metrics NONE = new Metrics(0, 0, 0, 0, 0, 0);
}
