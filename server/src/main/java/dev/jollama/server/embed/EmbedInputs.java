package dev.jollama.server.embed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.server.http.ApiException;

import java.util.ArrayList;
import java.util.List;

/** The {@code input} of POST /api/embed as Ollama reads it: a string (none when empty) or a list of strings. */
final class EmbedInputs {
    private EmbedInputs() {}

    static List<String> of(JsonNode input) {
        List<String> out = new ArrayList<>();
        if (input == null || input.isNull()) return out;
        if (input.isTextual()) {
            if (!input.textValue().isEmpty()) out.add(input.textValue());
            return out;
        }
        if (!input.isArray()) throw ApiException.badRequest("invalid input type");
        for (JsonNode s : input) {
            if (!s.isTextual()) throw ApiException.badRequest("invalid input type");
            out.add(s.textValue());
        }
        return out;
    }
}
