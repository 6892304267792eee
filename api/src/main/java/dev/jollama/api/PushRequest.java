package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** POST /api/push. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PushRequest(
        String model,
        @OmitEmpty boolean insecure,
        @OmitEmpty String username,
        @OmitEmpty String password,
        Boolean stream,
        @OmitEmpty String name) {

    public static PushRequest of(String model) {
        return new PushRequest(model, false, null, null, null, null);
    }

    public String modelName() {
        return Names.either(model, name);
    }

    public boolean streaming() {
        return stream == null || stream;
    }
}
