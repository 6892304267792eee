package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The log probability of a generated token, with the most likely alternatives when top_logprobs was asked. */
public record Logprob(
        String token,
        double logprob,
        @OmitEmpty List<Integer> bytes,
        @OmitEmpty @JsonProperty("top_logprobs") List<TokenLogprob> topLogprobs) {
}
