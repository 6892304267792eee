package dev.jollama.server.template.gotmpl;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Go's fmt.Sprint, Sprintln and Sprintf for the verbs templates use (%v %s %d %q %x %X %f %e %g %t %c %%). */
final class GoPrintf {

    private GoPrintf() {
    }

    /** fmt.Sprint: spaces between operands when neither side is a string. */
    static String sprint(List<Object> args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (i > 0 && !(a instanceof String) && !(args.get(i - 1) instanceof String)) {
                sb.append(' ');
            }
            sb.append(GoFormat.value(a, 1));
        }
        return sb.toString();
    }

    static String sprintln(List<Object> args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            sb.append(i > 0 ? " " : "").append(GoFormat.value(args.get(i), 1));
        }
        return sb.append('\n').toString();
    }

    private record Spec(boolean minus, boolean plus, boolean sharp, boolean zero, boolean space, int width, int prec) {
    }

    static String sprintf(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int argi = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            boolean minus = false, plus = false, sharp = false, zero = false, space = false;
            for (; i < format.length(); i++) {
                char f = format.charAt(i);
                if (f == '-') {
                    minus = true;
                } else if (f == '+') {
                    plus = true;
                } else if (f == '#') {
                    sharp = true;
                } else if (f == '0') {
                    zero = true;
                } else if (f == ' ') {
                    space = true;
                } else {
                    break;
                }
            }
            int width = -1;
            if (i < format.length() && format.charAt(i) == '*') {
                i++;
                width = argi < args.size() && args.get(argi) instanceof Long l ? l.intValue() : 0;
                argi++;
            } else {
                int start = i;
                while (i < format.length() && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                if (i > start) {
                    width = Integer.parseInt(format.substring(start, i));
                }
            }
            int prec = -1;
            if (i < format.length() && format.charAt(i) == '.') {
                i++;
                int start = i;
                while (i < format.length() && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                prec = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
            }
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(i++);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (argi >= args.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            Spec spec = new Spec(minus, plus, sharp, zero && !minus, space, width, prec);
            out.append(pad(spec, formatOne(verb, args.get(argi++), spec), verb));
        }
        if (argi < args.size()) {
            out.append("%!(EXTRA ");
            for (int k = argi; k < args.size(); k++) {
                Object a = args.get(k);
                out.append(k > argi ? ", " : "").append(GoValue.typeName(a)).append('=').append(GoFormat.value(a, 1));
            }
            out.append(')');
        }
        return out.toString();
    }

    private static String pad(Spec spec, String s, char verb) {
        int len = s.codePointCount(0, s.length());
        if (spec.width() <= len) {
            return s;
        }
        String fill;
        if (spec.zero() && "dxXfeEgGb".indexOf(verb) >= 0 && !s.startsWith("%!")) {
            String sign = s.startsWith("-") || s.startsWith("+") ? s.substring(0, 1) : "";
            return sign + "0".repeat(spec.width() - len) + s.substring(sign.length());
        }
        fill = " ".repeat(spec.width() - len);
        return spec.minus() ? s + fill : fill + s;
    }

    private static String formatOne(char verb, Object arg, Spec spec) {
        if (arg instanceof GoValue.Stringer st && "vsq".indexOf(verb) >= 0) {
            return formatString(verb, st.goString(), spec);
        }
        return switch (arg) {
            case null -> verb == 'v' ? "<nil>" : "%!" + verb + "(<nil>)";
            case String s -> switch (verb) {
                case 'v', 's', 'q' -> formatString(verb, s, spec);
                case 'x', 'X' -> hex(s.getBytes(StandardCharsets.UTF_8), verb == 'X');
                default -> bad(verb, arg);
            };
            case Long l -> formatInt(verb, l, spec, arg);
            case Integer n -> formatInt(verb, n.longValue(), spec, arg);
            case Double d -> switch (verb) {
                case 'v', 'g' -> sign(spec, d, GoFormat.formatFloat(d, 'g', spec.prec()));
                case 'f', 'F' -> sign(spec, d, GoFormat.formatFloat(d, 'f', spec.prec() < 0 ? 6 : spec.prec()));
                case 'e' -> sign(spec, d, GoFormat.formatFloat(d, 'e', spec.prec() < 0 ? 6 : spec.prec()));
                default -> bad(verb, arg);
            };
            case Boolean b -> verb == 'v' || verb == 't' ? b.toString() : bad(verb, arg);
            case List<?> list -> {
                StringBuilder sb = new StringBuilder("[");
                for (int k = 0; k < list.size(); k++) {
                    sb.append(k > 0 ? " " : "").append(formatOne(verb, list.get(k), spec));
                }
                yield sb.append(']').toString();
            }
            case Map<?, ?> map -> {
                StringBuilder sb = new StringBuilder("map[");
                boolean first = true;
                for (Map.Entry<?, ?> e : GoValue.sortedEntries(map)) {
                    sb.append(first ? "" : " ").append(formatOne(verb, e.getKey(), spec)).append(':')
                            .append(formatOne(verb, e.getValue(), spec));
                    first = false;
                }
                yield sb.append(']').toString();
            }
            default -> verb == 'v' || verb == 's' ? GoFormat.value(arg, 1) : bad(verb, arg);
        };
    }

    private static String formatString(char verb, String s, Spec spec) {
        if (spec.prec() >= 0 && verb != 'q') {
            int n = s.codePointCount(0, s.length());
            if (spec.prec() < n) {
                s = s.substring(0, s.offsetByCodePoints(0, spec.prec()));
            }
        }
        if (verb == 'q') {
            return spec.sharp() && !s.contains("`") ? "`" + s + "`" : GoFormat.quote(s);
        }
        return s;
    }

    private static String formatInt(char verb, long v, Spec spec, Object arg) {
        return switch (verb) {
            case 'v', 'd' -> sign(spec, v, Long.toString(v));
            case 'x' -> (spec.sharp() ? "0x" : "") + Long.toHexString(v);
            case 'X' -> (spec.sharp() ? "0X" : "") + Long.toHexString(v).toUpperCase();
            case 'o' -> Long.toOctalString(v);
            case 'b' -> Long.toBinaryString(v);
            case 'c' -> new String(Character.toChars((int) v));
            case 'q' -> GoFormat.quoteRune((int) v);
            default -> bad(verb, arg);
        };
    }

    private static String sign(Spec spec, double v, String s) {
        if (v >= 0 && !s.startsWith("-")) {
            if (spec.plus()) {
                return "+" + s;
            }
            if (spec.space()) {
                return " " + s;
            }
        }
        return s;
    }

    private static String hex(byte[] bytes, boolean upper) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format(upper ? "%02X" : "%02x", b & 0xff));
        }
        return sb.toString();
    }

    private static String bad(char verb, Object arg) {
        return "%!" + verb + "(" + GoValue.typeName(arg) + "=" + GoFormat.value(arg, 1) + ")";
    }
}
