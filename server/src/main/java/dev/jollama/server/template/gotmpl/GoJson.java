package dev.jollama.server.template.gotmpl;

import dev.jollama.server.template.JsonStrings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Go's encoding/json Marshal for template values: map keys sorted, HTML-safe string escaping ({@code <} as
 * {@code \u003c}), floats formatted as Go does. Structs encode through {@link GoValue.JsonMarshaler}, whose
 * {@link Ordered} result keeps field order.
 */
public final class GoJson {

    private GoJson() {
    }

    /** An object whose keys keep insertion order (a struct's fields, or an ordered map), unlike a Go map. */
    public static final class Ordered extends LinkedHashMap<String, Object> {
        public Ordered() {
        }

        public Ordered(Map<String, ?> map) {
            super(map);
        }

        public Ordered with(String key, Object value) {
            put(key, value);
            return this;
        }
    }

    public static String marshal(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        switch (v) {
            case null -> sb.append("null");
            case GoValue.Nil n -> sb.append("null");
            case GoValue.JsonMarshaler m -> write(sb, m.toJson());
            case String s -> string(sb, s);
            case Boolean b -> sb.append(b);
            case Long l -> sb.append(l);
            case Integer i -> sb.append(i);
            case Double d -> sb.append(formatFloat(d));
            case List<?> list -> {
                sb.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(sb, list.get(i));
                }
                sb.append(']');
            }
            case Ordered map -> object(sb, List.copyOf(map.entrySet()));
            case Map<?, ?> map -> object(sb, GoValue.sortedEntries(map));
            default -> throw new GoTemplateException("json: unsupported type: " + GoValue.typeName(v));
        }
    }

    private static void object(StringBuilder sb, List<? extends Map.Entry<?, ?>> entries) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : entries) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            string(sb, String.valueOf(e.getKey()));
            sb.append(':');
            write(sb, e.getValue());
        }
        sb.append('}');
    }

    /** Go's float encoding: like 'f' for moderate exponents, else 'e' with a short exponent (1e+21, 1e-7). */
    static String formatFloat(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new GoTemplateException("json: unsupported value: " + GoFormat.formatFloat(d, 'g', -1));
        }
        double abs = Math.abs(d);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
            String s = GoFormat.formatFloat(d, 'e', -1);
            int n = s.length();
            // clean up e-09 to e-9
            if (n >= 4 && s.charAt(n - 4) == 'e' && s.charAt(n - 3) == '-' && s.charAt(n - 2) == '0') {
                s = s.substring(0, n - 2) + s.charAt(n - 1);
            }
            return s;
        }
        return GoFormat.formatFloat(d, 'f', -1);
    }

    /** Go escapes <, > and & (HTML-safe) and the JavaScript line separators. */
    private static void string(StringBuilder sb, String s) {
        JsonStrings.quote(sb, s, (text, i) -> "<>&\u2028\u2029".indexOf(text.charAt(i)) >= 0);
    }
}
