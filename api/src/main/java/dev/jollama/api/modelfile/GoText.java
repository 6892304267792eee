package dev.jollama.api.modelfile;

import java.math.BigDecimal;

/** Go's notions of white space and of {@code %v} for numbers, which the Modelfile format inherits from Ollama. */
public final class GoText {
    private GoText() {}

    /** Go's {@code unicode.IsSpace}. */
    public static boolean isSpace(int cp) {
        return cp == '\t' || cp == '\n' || cp == 0x0B || cp == '\f' || cp == '\r' || cp == 0x85 || Character.isSpaceChar(cp);
    }

    /** Go's {@code strings.TrimSpace}. */
    public static String trimSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.codePointAt(start))) start += Character.charCount(s.codePointAt(start));
        while (end > start && isSpace(s.codePointBefore(end))) end -= Character.charCount(s.codePointBefore(end));
        return s.substring(start, end);
    }

    /** A parameter value as Go's {@code fmt.Sprintf("%v", v)} writes it (floats in their shortest form). */
    public static String formatValue(Object v) {
        return switch (v) {
            case Float f -> formatFloat(f, Float.toString(f));
            case Double d -> formatFloat(d, Double.toString(d));
            default -> String.valueOf(v);
        };
    }

    /** A float32 as Go's encoding/json writes it: shortest digits, exponent form below 1e-6 and from 1e21 on. */
    public static String jsonFloat32(float f) {
        float abs = Math.abs(f);
        if (abs != 0 && (abs < 1e-6f || abs >= 1e21f)) {
            String g = formatFloat(f, Float.toString(f));
            return g.replace("e-0", "e-");
        }
        BigDecimal d = new BigDecimal(Float.toString(f)).stripTrailingZeros();
        return f == 0 ? (1 / f < 0 ? "-0" : "0") : d.toPlainString();
    }

    /** Go's {@code strconv.FormatFloat(v, 'g', -1, bits)}: exponent form below 1e-4 and from 1e6 on. */
    private static String formatFloat(double v, String javaShortest) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == 0) return (1 / v < 0) ? "-0" : "0";
        BigDecimal d = new BigDecimal(javaShortest).stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        int exp = digits.length() - d.scale() - 1;
        String sign = d.signum() < 0 ? "-" : "";
        if (exp < -4 || exp >= 6) {
            String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
            String e = String.valueOf(Math.abs(exp));
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
        }
        return sign + d.abs().toPlainString();
    }
}
