package dev.jollama.server.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A function call made by the model (Ollama's api.ToolCall): id ({@code call_} + 8 chars, may be empty), index,
 * function name and arguments as an ordered JSON object (values: String, Number, Boolean, null, List, Map).
 */
public record ToolCall(String id, int index, String name, Map<String, Object> arguments) {

    public ToolCall {
        id = id == null ? "" : id;
        arguments = arguments == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }
}
