package dev.jollama.server.create;

import dev.jollama.server.http.ApiException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Create's undocumented {@code info} overrides, checked as Ollama checks them: capabilities (a list), model_family,
 * base_name, quantization_level, parameter_size (strings), context_length, embedding_length (non-negative integers).
 */
final class Info {
    private Info() {}

    static void apply(Map<String, Object> info, ConfigBuilder config) {
        if (info == null) return;
        if (info.get("capabilities") instanceof List<?> caps) {
            List<String> all = config.capabilities == null ? new ArrayList<>() : new ArrayList<>(config.capabilities);
            for (Object c : caps) if (c instanceof String s) all.add(s);
            config.capabilities = all;
        }
        String family = string(info, "model_family");
        if (family != null) {
            config.modelFamily = family;
            if (!family.isEmpty()) config.modelFamilies = new ArrayList<>(List.of(family));
        }
        String base = string(info, "base_name");
        if (base != null) config.baseName = base;
        String quant = string(info, "quantization_level");
        if (quant != null) config.fileType = quant;
        String size = string(info, "parameter_size");
        if (size != null) config.modelType = size;
        config.contextLength = integer(info, "context_length");
        config.embeddingLength = integer(info, "embedding_length");
    }

    private static String string(Map<String, Object> info, String key) {
        if (!info.containsKey(key)) return null;
        if (info.get(key) instanceof String s) return s;
        throw ApiException.badRequest("info field \"" + key + "\" must be a string");
    }

    private static int integer(Map<String, Object> info, String key) {
        if (!info.containsKey(key)) return 0;
        if (!(info.get(key) instanceof Number n)) throw ApiException.badRequest("info field \"" + key + "\" must be a number");
        double v = n.doubleValue();
        if (v < 0 || v != Math.floor(v) || v > Integer.MAX_VALUE) {
            throw ApiException.badRequest("info field \"" + key + "\" must be a non-negative integer");
        }
        return (int) v;
    }
}
