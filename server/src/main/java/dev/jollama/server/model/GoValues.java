package dev.jollama.server.model;

import java.math.BigDecimal;
import java.util.List;

/**
 * Go's fmt verbs on JSON-decoded values (numbers are float64 there): {@code %v} for Modelfile arguments,
 * {@code %#v} for /api/show's parameters text. Floats print like Go's %g with shortest digits: "0.7", "4096",
 * "1e-05", "1.234567e+06". Lists are not formatted here: Ollama prints each element on a line of its own.
 */
public final class GoValues {
    private GoValues() {}

    /** %v. */
    public static String plain(Object v) {
        if (v instanceof Number n) return formatG(n.doubleValue());
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) sb.append(i > 0 ? " " : "").append(plain(l.get(i)));
            return sb.append(']').toString();
        }
        return String.valueOf(v);
    }

    /** %#v. */
    public static String goSyntax(Object v) {
        if (v instanceof String s) return quote(s);
        if (v instanceof Number n) return formatG(n.doubleValue());
        return String.valueOf(v);
    }

    /** strconv.FormatFloat(v, 'g', -1, 64). */
    public static String formatG(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == 0) return (1 / v < 0) ? "-0" : "0";
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        int exp = digits.length() - d.scale() - 1;
        if (exp >= -4 && exp < 6) return d.toPlainString();
        StringBuilder s = new StringBuilder();
        if (d.signum() < 0) s.append('-');
        s.append(digits.charAt(0));
        if (digits.length() > 1) s.append('.').append(digits, 1, digits.length());
        s.append('e').append(exp < 0 ? '-' : '+');
        int e = Math.abs(exp);
        if (e < 10) s.append('0');
        return s.append(e).toString();
    }

    /** strconv.Quote for the printable text models hold: backslash, quote and control characters escaped. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\u0007' -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\u000b' -> sb.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) sb.append(String.format("\\x%02x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
