package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/** POST /api/show. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShowRequest(
        String model,
        @OmitEmpty String system,
        @OmitEmpty String template,
        @OmitEmpty boolean verbose,
        Map<String, Object> options,
        @OmitEmpty String name) {

    public static ShowRequest of(String model, boolean verbose) {
        return new ShowRequest(model, null, null, verbose, null, null);
    }

    public String modelName() {
        return Names.either(model, name);
    }
}
