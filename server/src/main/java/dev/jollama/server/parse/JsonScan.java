package dev.jollama.server.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds a tool call's arguments in text: the first balanced JSON object, then Ollama's accepted shapes inside it. */
final class JsonScan {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private JsonScan() {
    }

    /** Arguments (in the model's order) and the index just past the object they were found in. */
    record Found(Map<String, Object> arguments, int end) {
    }

    /** The first valid top-level JSON object in {@code text} and the arguments it holds for {@code toolName}, or null. */
    static Found findArguments(String text, String toolName) {
        int start = -1, depth = 0;
        boolean inString = false, escaped = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (escaped) {
                escaped = false;
                continue;
            }
            if (c == '\\') {
                escaped = true;
                continue;
            }
            if (c == '"') {
                inString = !inString;
                continue;
            }
            if (inString) {
                continue;
            }
            if (c == '{') {
                if (depth == 0) {
                    start = i;
                }
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0 && start >= 0) {
                    Map<String, Object> object = parseObject(text.substring(start, i + 1));
                    if (object == null) {
                        start = -1;
                        continue;
                    }
                    Shape shape = search(object, toolName);
                    if (shape == null) {
                        return new Found(object, i + 1);
                    }
                    return shape.arguments() == null ? null : new Found(shape.arguments(), i + 1);
                }
                if (depth < 0) {
                    depth = 0;
                }
            }
        }
        return null;
    }

    /** The arguments found in one of the accepted shapes; {@code arguments} null when a call object has none. */
    private record Shape(Map<String, Object> arguments) {
    }

    private static Shape search(Map<String, Object> object, String toolName) {
        if (object.containsKey("name")) {
            Map<String, Object> args = argumentsAt(object, "arguments");
            if (args == null) {
                args = argumentsAt(object, "parameters");
            }
            return new Shape(args);
        }
        Map<String, Object> byName = argumentsAt(object, toolName);
        if (byName != null) {
            return new Shape(byName);
        }
        for (Object v : object.values()) {
            if (v instanceof Map<?, ?> child) {
                Shape s = search(cast(child), toolName);
                if (s != null) {
                    return s;
                }
            } else if (v instanceof List<?> list) {
                for (Object item : list) {
                    if (item instanceof Map<?, ?> child) {
                        Shape s = search(cast(child), toolName);
                        if (s != null) {
                            return s;
                        }
                    }
                }
            }
        }
        return null;
    }

    /** An object under {@code key}, or a string under it that parses as one. */
    private static Map<String, Object> argumentsAt(Map<String, Object> object, String key) {
        Object v = object.get(key);
        if (v instanceof Map<?, ?> m) {
            return cast(m);
        }
        if (v instanceof String s) {
            return parseObject(s);
        }
        return null;
    }

    static Map<String, Object> parseObject(String json) {
        try {
            return JSON.readValue(json, OBJECT);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
