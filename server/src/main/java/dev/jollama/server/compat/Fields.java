package dev.jollama.server.compat;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small ordered JSON objects for the dialects' event payloads. */
public final class Fields {
    private Fields() {}

    /** An ordered map of alternating keys and values (null values kept: they are written as null). */
    public static Map<String, Object> of(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }
}
