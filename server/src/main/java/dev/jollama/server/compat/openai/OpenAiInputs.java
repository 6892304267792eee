package dev.jollama.server.compat.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.Json;
import dev.jollama.server.compat.InvalidParam;

import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** What chat completions and responses both read from OpenAI inputs: image data URLs, tool-call arguments. */
public final class OpenAiInputs {
    private OpenAiInputs() {}

    private static final String[] IMAGE_TYPES = {"jpeg", "jpg", "png", "webp"};

    /**
     * The bytes of {@code data:image/{jpeg,jpg,png,webp};base64,...} or of {@code data:;base64,...}; an http(s)
     * URL and anything else are 400s with Ollama's texts.
     */
    public static byte[] image(String url, String param) {
        if (url.startsWith("http://") || url.startsWith("https://")) {
            throw new InvalidParam(param, "image URLs are not currently supported, please use base64 encoded data instead");
        }
        String data = null;
        if (url.startsWith("data:;base64,")) {
            data = url.substring("data:;base64,".length());
        } else {
            for (String t : IMAGE_TYPES) {
                String prefix = "data:image/" + t + ";base64,";
                if (url.startsWith(prefix)) {
                    data = url.substring(prefix.length());
                    break;
                }
            }
        }
        if (data == null) throw new InvalidParam(param, "invalid image input");
        try {
            return Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new InvalidParam(param, "invalid image input");
        }
    }

    /**
     * Tool-call arguments, a JSON string holding an object, parsed; "" and absent are no arguments, an object is
     * taken as it is. Anything else is Ollama's 400.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> arguments(JsonNode args, String param) {
        if (args == null || args.isNull() || (args.isTextual() && args.textValue().isBlank())) return new LinkedHashMap<>();
        try {
            JsonNode obj = args.isTextual() ? Json.mapper().readTree(args.textValue()) : args;
            if (obj == null || !obj.isObject()) throw new InvalidParam(param, "invalid tool call arguments");
            return Json.mapper().convertValue(obj, LinkedHashMap.class);
        } catch (IOException e) {
            throw new InvalidParam(param, "invalid tool call arguments");
        }
    }

    /** Go's %T of a decoded JSON value, for Ollama's messages. */
    public static String goType(JsonNode n) {
        if (n.isNumber()) return "float64";
        if (n.isBoolean()) return "bool";
        if (n.isObject()) return "map[string]interface {}";
        if (n.isArray()) return "[]interface {}";
        if (n.isTextual()) return "string";
        return "<nil>";
    }
}
