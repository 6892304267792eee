package dev.jollama.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** A tool call of the model: {@code arguments} is a JSON object in insertion order, never a string. */
public record ToolCall(@OmitEmpty String id, Function function) {

    public record Function(int index, String name, Map<String, Object> arguments) {
        public Function {
            if (name == null) name = "";
            arguments = arguments == null ? new LinkedHashMap<>() : arguments;
        }
    }
}
