package dev.jollama.server.template.jinja;

import dev.jollama.server.template.JsonStrings;
import dev.jollama.server.template.jinja.JinjaValues.Namespace;
import dev.jollama.server.template.jinja.JinjaValues.Undefined;

import java.text.Collator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code tojson} filter as the reference implements it, which follows Python's json.dumps: separators ", " and
 * ": " (or "," and ": " when indenting), non-ASCII kept unless ensure_ascii, keys in order unless sort_keys.
 */
final class JinjaJson {

    private JinjaJson() {
    }

    record Options(Integer indent, boolean ensureAscii, String itemSeparator, String keySeparator, boolean sortKeys) {
        static final Options DEFAULT = new Options(null, false, null, null, false);

        String items() {
            return itemSeparator != null ? itemSeparator : indent != null && indent > 0 ? "," : ", ";
        }

        String keys() {
            return keySeparator != null ? keySeparator : ": ";
        }
    }

    static String write(Object v, Options o, boolean undefinedAsNull) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, o, 0, undefinedAsNull);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, Options o, int depth, boolean undefinedAsNull) {
        switch (v) {
            case null -> sb.append("null");
            case Undefined u -> sb.append(undefinedAsNull ? "null" : "undefined");
            case Long l -> sb.append(l);
            case Double d -> sb.append(d.isNaN() || d.isInfinite() ? "null" : d == 0 ? "0" : JinjaValues.jsNumber(d));
            case Boolean b -> sb.append(b);
            case String s -> string(sb, s, o.ensureAscii());
            case List<?> list -> {
                List<String> parts = new ArrayList<>();
                for (Object x : list) {
                    StringBuilder p = new StringBuilder();
                    write(p, x, o, depth + 1, undefinedAsNull);
                    parts.add(p.toString());
                }
                container(sb, '[', ']', parts, o, depth, false);
            }
            case Map<?, ?> map -> object(sb, map, o, depth, undefinedAsNull);
            case Namespace ns -> object(sb, ns.values, o, depth, undefinedAsNull);
            default -> throw new JinjaException("Cannot convert to JSON: " + JinjaValues.typeName(v));
        }
    }

    private static void object(StringBuilder sb, Map<?, ?> map, Options o, int depth, boolean undefinedAsNull) {
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        if (o.sortKeys()) {
            Collator collator = Collator.getInstance(Locale.ENGLISH);
            entries.sort((a, b) -> collator.compare(String.valueOf(a.getKey()), String.valueOf(b.getKey())));
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<?, ?> e : entries) {
            StringBuilder p = new StringBuilder();
            string(p, String.valueOf(e.getKey()), o.ensureAscii());
            p.append(o.keys());
            write(p, e.getValue(), o, depth + 1, undefinedAsNull);
            parts.add(p.toString());
        }
        container(sb, '{', '}', parts, o, depth, true);
    }

    private static void container(StringBuilder sb, char open, char close, List<String> parts, Options o, int depth, boolean object) {
        Integer indent = o.indent();
        if (indent == null || indent == 0 || parts.isEmpty()) {
            sb.append(open).append(String.join(o.items(), parts)).append(close);
            return;
        }
        String unit = " ".repeat(indent);
        String base = "\n" + unit.repeat(depth), child = base + unit;
        sb.append(open);
        for (int i = 0; i < parts.size(); i++) {
            sb.append(i > 0 ? o.items() : "").append(child).append(parts.get(i));
        }
        sb.append(base).append(close);
    }

    /** JSON.stringify's escapes: lone surrogates as \\u escapes; non-ASCII too when ensure_ascii. */
    private static void string(StringBuilder sb, String s, boolean ensureAscii) {
        JsonStrings.quote(sb, s, (text, i) -> (ensureAscii && text.charAt(i) >= 0x7f) || lone(text, i));
    }

    private static boolean lone(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }
}
