package dev.jollama.server.http;

/**
 * The syntax check Go's {@code json.Decoder} makes of a request body before Ollama's handlers (gin's
 * ShouldBindJSON) decode it: the first JSON value is scanned, anything after it is ignored, and a malformed value
 * is reported in the words of Go's scanner ({@code invalid character '}' looking for beginning of object key
 * string}, {@code unexpected EOF}, ...), so clients see the very messages Ollama sends.
 */
final class GoJsonSyntax {
    /** A body that is not JSON, with Go's message. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private final byte[] b;
    private int pos;

    private GoJsonSyntax(byte[] body) {
        this.b = body;
    }

    /** The length of the body's first JSON value (with the whitespace before it); the body is not blank. */
    static int firstValueEnd(byte[] body) throws Invalid {
        GoJsonSyntax s = new GoJsonSyntax(body);
        s.value();
        return s.pos;
    }

    private void value() throws Invalid {
        skipSpace();
        int c = next();
        switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) number(c);
                else throw invalid(c, "looking for beginning of value");
            }
        }
    }

    private void object() throws Invalid {
        skipSpace();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            skipSpace();
            int c = next();
            if (c != '"') throw invalid(c, "looking for beginning of object key string");
            string();
            skipSpace();
            c = next();
            if (c != ':') throw invalid(c, "after object key");
            value();
            skipSpace();
            c = next();
            if (c == '}') return;
            if (c != ',') throw invalid(c, "after object key:value pair");
        }
    }

    private void array() throws Invalid {
        skipSpace();
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            value();
            skipSpace();
            int c = next();
            if (c == ']') return;
            if (c != ',') throw invalid(c, "after array element");
        }
    }

    private void string() throws Invalid {
        while (true) {
            int c = next();
            if (c == '"') return;
            if (c < 0) throw new Invalid("unexpected EOF");
            if (c == '\\') {
                c = next();
                if (c == 'u') {
                    for (int i = 0; i < 4; i++) {
                        int h = next();
                        if (Character.digit(h, 16) < 0) throw invalid(h, "in \\u hexadecimal character escape");
                    }
                } else if (c < 0 || "\"\\/bfnrt".indexOf(c) < 0) {
                    throw invalid(c, "in string escape code");
                }
            } else if (c >= 0 && c < 0x20) {
                throw invalid(c, "in string literal");
            }
        }
    }

    private void number(int first) throws Invalid {
        int c = first;
        if (c == '-') {
            c = next();
            if (c < '0' || c > '9') throw invalid(c, "in numeric literal");
        }
        if (c != '0') digits();
        if (peek() == '.') {
            pos++;
            int d = next();
            if (d < '0' || d > '9') throw invalid(d, "after decimal point in numeric literal");
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            int e = next();
            if (e == '+' || e == '-') e = next();
            if (e < '0' || e > '9') throw invalid(e, "in exponent of numeric literal");
            digits();
        }
    }

    private void digits() {
        while (peek() >= '0' && peek() <= '9') pos++;
    }

    private void literal(String word) throws Invalid {
        for (int i = 1; i < word.length(); i++) {
            int c = next();
            if (c != word.charAt(i)) throw invalid(c, "in literal " + word + " (expecting " + quote(word.charAt(i)) + ")");
        }
    }

    private void skipSpace() {
        while (pos < b.length && (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\n' || b[pos] == '\r')) pos++;
    }

    private int peek() {
        return pos < b.length ? b[pos] & 0xff : -1;
    }

    /** The next byte, or -1 at the end of the body. */
    private int next() {
        return pos < b.length ? b[pos++] & 0xff : -1;
    }

    private static Invalid invalid(int c, String context) {
        if (c < 0) return new Invalid("unexpected EOF");
        return new Invalid("invalid character " + quote(c) + " " + context);
    }

    /** A byte as Go's scanner quotes it: the character (as a Latin-1 rune) in single quotes, escaped as strconv.Quote. */
    static String quote(int c) {
        return switch (c) {
            case '\'' -> "'\\''";
            case '"' -> "'\"'";
            case '\\' -> "'\\\\'";
            case 0x07 -> "'\\a'";
            case '\b' -> "'\\b'";
            case '\f' -> "'\\f'";
            case '\n' -> "'\\n'";
            case '\r' -> "'\\r'";
            case '\t' -> "'\\t'";
            case 0x0b -> "'\\v'";
            default -> {
                if (c < 0x20 || c == 0x7f) yield "'\\x" + String.format("%02x", c) + "'";
                if (c >= 0x80 && c <= 0xa0 || c == 0xad) yield "'\\u" + String.format("%04x", c) + "'";
                yield "'" + (char) c + "'";
            }
        };
    }
}
