package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** POST /api/pull; {@code username} and {@code password} are deprecated and ignored, as by Ollama. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PullRequest(
        String model,
        @OmitEmpty boolean insecure,
        @OmitEmpty String username,
        @OmitEmpty String password,
        Boolean stream,
        @OmitEmpty String name) {

    public static PullRequest of(String model) {
        return new PullRequest(model, false, null, null, null, null);
    }

    public String modelName() {
        return Names.either(model, name);
    }

    public boolean streaming() {
        return stream == null || stream;
    }
}
