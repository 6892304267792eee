package dev.jollama.api.modelfile;

import java.util.Locale;
import java.util.Objects;

/**
 * One line (or quoted block) of a Modelfile. {@code name} is the parameter name for PARAMETER and the role for
 * MESSAGE, null otherwise; {@code value} is the unquoted argument.
 */
public record Instruction(Keyword keyword, String name, String value) {

    /** Modelfile instructions, in the order Ollama's error message lists them. */
    public enum Keyword {
        FROM, LICENSE, TEMPLATE, SYSTEM, ADAPTER, DRAFT, RENDERER, PARSER, PARAMETER, MESSAGE, REQUIRES;

        /** The keyword for an instruction word in any letter case, or null. */
        static Keyword of(String word) {
            for (Keyword k : values()) {
                if (k.name().equalsIgnoreCase(word)) return k;
            }
            return null;
        }
    }

    public Instruction {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(value, "value");
        if ((keyword == Keyword.PARAMETER || keyword == Keyword.MESSAGE) != (name != null)) {
            throw new IllegalArgumentException(keyword + " takes a name exactly when it is PARAMETER or MESSAGE");
        }
    }

    public static Instruction of(Keyword keyword, String value) {
        return new Instruction(keyword, null, value);
    }

    public static Instruction parameter(String name, String value) {
        return new Instruction(Keyword.PARAMETER, name, value);
    }

    public static Instruction message(String role, String content) {
        return new Instruction(Keyword.MESSAGE, role, content);
    }

    /** The instruction as a Modelfile line (several lines when the value is a multi-line quoted block). */
    @Override
    public String toString() {
        String word = keyword.name();
        return switch (keyword) {
            case PARAMETER -> word + " " + name + " " + quote(value);
            case MESSAGE -> word + " " + name.toLowerCase(Locale.ROOT) + " " + quote(value);
            default -> word + " " + quote(value);
        };
    }

    /**
     * Quotes a value the way {@code ollama show --modelfile} does ({@code "..."} for multi-line or space-edged
     * values, {@code """..."""} when the value itself contains a double quote), and also in the cases where a bare
     * value would not parse back to itself: empty, starting with a quote, or edged by other white space.
     */
    static String quote(String s) {
        boolean needsQuotes = s.isEmpty() || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0 || s.startsWith("\"")
                || GoText.isSpace(s.codePointAt(0)) || GoText.isSpace(s.codePointBefore(s.length()));
        if (!needsQuotes) return s;
        return s.indexOf('"') >= 0 ? "\"\"\"" + s + "\"\"\"" : "\"" + s + "\"";
    }
}
