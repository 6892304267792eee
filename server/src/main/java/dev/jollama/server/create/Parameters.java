package dev.jollama.server.create;

import dev.jollama.api.Options;
import dev.jollama.server.http.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Create's {@code parameters}, typed as Ollama types Modelfile PARAMETERs: numbers, booleans and string lists are
 * kept as sent; strings for numeric or boolean options are parsed ("0.7", "true"); one string for {@code stop}
 * becomes a list. Options Ollama removed are dropped with a warning; an unknown name or a value of the wrong type
 * is a 400 with Ollama's message.
 */
final class Parameters {
    private static final Logger log = LoggerFactory.getLogger(Parameters.class);

    private Parameters() {}

    static Map<String, Object> typed(Map<String, Object> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (params == null) return out;
        for (Map.Entry<String, Object> e : params.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            if (v == null) continue;
            if (Options.REMOVED.contains(key)) {
                log.warn("parameter {} is deprecated and was ignored", key);
                continue;
            }
            Options.Kind kind = Options.KINDS.get(key);
            if (kind == null) throw ApiException.badRequest("unknown parameter '" + key + "'");
            out.put(key, typedValue(key, kind, v));
        }
        return out;
    }

    private static Object typedValue(String key, Options.Kind kind, Object v) {
        try {
            if (v instanceof String s) {
                return kind == Options.Kind.STRING_LIST ? List.of(s) : Options.typed(kind, List.of(s));
            }
            if (kind == Options.Kind.STRING_LIST && v instanceof List<?> l) {
                List<String> strings = new ArrayList<>();
                for (Object item : l) {
                    if (!(item instanceof String s)) throw new IllegalArgumentException("option \"" + key + "\" must be of an array of strings");
                    strings.add(s);
                }
                return strings;
            }
            Options.check(key, v);
            return v;
        } catch (IllegalArgumentException ex) {
            throw ApiException.badRequest(ex.getMessage());
        }
    }
}
