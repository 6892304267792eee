package dev.jollama.server.compat;

import dev.jollama.api.Options;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The native {@code options} a dialect request runs with: first the Ollama options the client put in the extra
 * body fields {@code options} and {@code num_ctx} (the only way to set the context length per request from an
 * OpenAI client, ollama#5356), then the dialect's own fields over them, then the dialect's defaults where neither
 * said anything.
 */
public final class NativeOptions {
    private final Map<String, Object> map = new LinkedHashMap<>();

    private NativeOptions() {}

    /** Starts from the extra fields; a value of the wrong type is a 400 naming the option. */
    public static NativeOptions from(Map<String, Object> extra, Integer numCtx) {
        NativeOptions o = new NativeOptions();
        if (extra != null) {
            try {
                Options.checkAll(extra);
            } catch (IllegalArgumentException e) {
                throw new InvalidParam("options", e.getMessage());
            }
            extra.forEach((k, v) -> {
                if (v != null) o.map.put(k, v);
            });
        }
        if (numCtx != null) o.map.put("num_ctx", numCtx);
        return o;
    }

    /** A dialect field the client set (null: not set, nothing changes). */
    public NativeOptions set(String key, Object value) {
        if (value != null) map.put(key, value);
        return this;
    }

    /** A dialect default, used when neither the field nor the extra options set it. */
    public NativeOptions orDefault(String key, Object value) {
        map.putIfAbsent(key, value);
        return this;
    }

    public Map<String, Object> map() {
        return map;
    }
}
