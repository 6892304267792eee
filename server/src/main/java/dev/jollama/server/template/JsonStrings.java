package dev.jollama.server.template;

/** JSON string literals with the escapes both template languages share, and a rule for which other chars become \\uXXXX. */
public final class JsonStrings {

    /** Whether the char at {@code i} of {@code s} is written as a \\u escape (control chars always are). */
    @FunctionalInterface
    public interface UnicodeEscape {
        boolean test(String s, int i);
    }

    private JsonStrings() {
    }

    public static void quote(StringBuilder sb, String s, UnicodeEscape escape) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || escape.test(s, i)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
