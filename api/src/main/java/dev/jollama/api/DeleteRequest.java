package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** DELETE /api/delete. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeleteRequest(String model, @OmitEmpty String name) {

    public static DeleteRequest of(String model) {
        return new DeleteRequest(model, null);
    }

    public String modelName() {
        return Names.either(model, name);
    }
}
