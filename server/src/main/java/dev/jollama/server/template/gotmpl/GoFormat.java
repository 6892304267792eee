package dev.jollama.server.template.gotmpl;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Go's fmt and strconv as templates see them: %v printing of values, quoting, and float formatting. */
public final class GoFormat {

    private GoFormat() {
    }

    /** fmt.Sprint of one value: what {@code {{ x }}} prints. */
    public static String print(Object v) {
        return value(v, 0);
    }

    static String value(Object v, int depth) {
        return switch (v) {
            case null -> depth == 0 ? "<no value>" : "<nil>";
            case GoValue.Nil n -> "<nil>";
            case GoValue.Stringer s -> s.goString();
            case String s -> s;
            case Boolean b -> b.toString();
            case Long l -> l.toString();
            case Integer i -> i.toString();
            case Double d -> formatFloat(d, 'g', -1);
            case Float f -> formatFloat(f.doubleValue(), 'g', -1);
            case List<?> list -> {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; i < list.size(); i++) {
                    sb.append(i > 0 ? " " : "").append(value(list.get(i), depth + 1));
                }
                yield sb.append(']').toString();
            }
            case Map<?, ?> map -> {
                StringBuilder sb = new StringBuilder("map[");
                boolean first = true;
                for (Map.Entry<?, ?> e : GoValue.sortedEntries(map)) {
                    sb.append(first ? "" : " ").append(value(e.getKey(), depth + 1)).append(':')
                            .append(value(e.getValue(), depth + 1));
                    first = false;
                }
                yield sb.append(']').toString();
            }
            case GoValue.Struct s -> {
                StringBuilder sb = new StringBuilder("{");
                boolean first = true;
                for (String f : s.fieldNames()) {
                    sb.append(first ? "" : " ").append(value(s.field(f), depth + 1));
                    first = false;
                }
                yield sb.append('}').toString();
            }
            default -> v.toString();
        };
    }

    /** Go's strconv.FormatFloat for the formats templates reach: 'g' (as %v), 'e', 'f'. prec -1 means shortest. */
    public static String formatFloat(double d, char fmt, int prec) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        boolean neg = d < 0 || (d == 0 && 1 / d < 0);
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d)));
        if (prec >= 0 && fmt != 'g') {
            return (neg ? "-" : "") + (fmt == 'f' ? fixed(bd, prec) : exponent(bd, prec));
        }
        // shortest digits and decimal exponent
        BigDecimal stripped = bd.signum() == 0 ? BigDecimal.ZERO : bd.stripTrailingZeros();
        String digits = stripped.unscaledValue().toString();
        int exp = stripped.signum() == 0 ? 0 : digits.length() - 1 - stripped.scale();
        if (fmt == 'g') {
            int eprec = prec < 0 ? 6 : prec;
            if (prec >= 0) {
                BigDecimal rounded = stripped.round(new java.math.MathContext(Math.max(prec, 1)));
                stripped = rounded.signum() == 0 ? BigDecimal.ZERO : rounded.stripTrailingZeros();
                digits = stripped.unscaledValue().toString();
                exp = stripped.signum() == 0 ? 0 : digits.length() - 1 - stripped.scale();
            }
            if (exp < -4 || exp >= eprec) {
                return (neg ? "-" : "") + exponent(stripped, digits.length() - 1);
            }
            return (neg ? "-" : "") + stripped.toPlainString();
        }
        return (neg ? "-" : "") + (fmt == 'f' ? stripped.toPlainString() : exponent(stripped, digits.length() - 1));
    }

    private static String fixed(BigDecimal bd, int prec) {
        return bd.setScale(prec, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    /** d.ddde±XX with the given number of fraction digits. */
    private static String exponent(BigDecimal bd, int fractionDigits) {
        if (bd.signum() == 0) {
            return "0" + (fractionDigits > 0 ? "." + "0".repeat(fractionDigits) : "") + "e+00";
        }
        BigDecimal r = bd.round(new java.math.MathContext(fractionDigits + 1, java.math.RoundingMode.HALF_EVEN));
        String digits = r.unscaledValue().toString();
        int exp = digits.length() - 1 - r.scale();
        digits = (digits + "0".repeat(fractionDigits + 1)).substring(0, fractionDigits + 1);
        String mantissa = digits.charAt(0) + (fractionDigits > 0 ? "." + digits.substring(1) : "");
        String e = Integer.toString(Math.abs(exp));
        return mantissa + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }

    /** Go's strconv.Quote. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> appendEscaped(sb, cp, '"'));
        return sb.append('"').toString();
    }

    /** Go's strconv.QuoteRune. */
    public static String quoteRune(int cp) {
        StringBuilder sb = new StringBuilder("'");
        appendEscaped(sb, cp, '\'');
        return sb.append('\'').toString();
    }

    private static void appendEscaped(StringBuilder sb, int cp, char quote) {
        if (cp == quote || cp == '\\') {
            sb.append('\\').appendCodePoint(cp);
            return;
        }
        switch (cp) {
            case 7 -> sb.append("\\a");
            case '\b' -> sb.append("\\b");
            case '\f' -> sb.append("\\f");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case 11 -> sb.append("\\v");
            default -> {
                if (cp < ' ' || cp == 0x7f) {
                    sb.append(String.format("\\x%02x", cp));
                } else if (isPrintable(cp)) {
                    sb.appendCodePoint(cp);
                } else if (cp < 0x10000) {
                    sb.append(String.format("\\u%04x", cp));
                } else {
                    sb.append(String.format("\\U%08x", cp));
                }
            }
        }
    }

    private static boolean isPrintable(int cp) {
        int type = Character.getType(cp);
        return cp != 0xFFFD && type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE && type != Character.SURROGATE && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR && (type != Character.SPACE_SEPARATOR || cp == ' ')
                || cp == 0xFFFD;
    }

    /** Go's strconv.Unquote of the body of a quoted literal (without the quotes). */
    static String unquote(String body, char quote) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                if (c == quote) {
                    throw new IllegalArgumentException("invalid syntax");
                }
                sb.append(c);
                continue;
            }
            if (++i >= body.length()) {
                throw new IllegalArgumentException("invalid syntax");
            }
            char e = body.charAt(i);
            switch (e) {
                case 'a' -> sb.append((char) 7);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append((char) 11);
                case '\\', '\'', '"' -> sb.append(e);
                case 'x' -> {
                    sb.append((char) Integer.parseInt(body.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    sb.appendCodePoint(Integer.parseInt(body.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                case 'U' -> {
                    sb.appendCodePoint(Integer.parseInt(body.substring(i + 1, i + 9), 16));
                    i += 8;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        sb.append((char) Integer.parseInt(body.substring(i, i + 3), 8));
                        i += 2;
                    } else {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                }
            }
        }
        return sb.toString();
    }
}
