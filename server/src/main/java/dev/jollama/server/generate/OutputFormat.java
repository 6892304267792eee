package dev.jollama.server.generate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.Json;
import dev.jollama.engine.grammar.StructuredOutput;
import dev.jollama.server.http.ApiException;

/** The request's {@code format}, checked before any model is loaded. */
final class OutputFormat {
    private OutputFormat() {}

    /**
     * The format as JSON text for the engine, or null when there is none ({@code null}, {@code ""}). Anything
     * but "json" or a schema, and a schema the grammar cannot enforce, is a 400 naming the problem.
     */
    static String checked(JsonNode format) {
        if (format == null || format.isNull()) return null;
        String text = Json.write(format);
        try {
            return StructuredOutput.grammar(text).isPresent() ? text : null;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
