package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Answer of POST /api/embed: one L2-normalised vector per input. */
public record EmbedResponse(
        String model,
        float[][] embeddings,
        @OmitEmpty @JsonProperty("total_duration") long totalDuration,
        @OmitEmpty @JsonProperty("load_duration") long loadDuration,
        @OmitEmpty @JsonProperty("prompt_eval_count") int promptEvalCount) {
}
