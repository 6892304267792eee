package dev.jollama.server.template.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tokens of a Jinja chat template, cut as Hugging Face's reference implementation cuts them: the template is first
 * preprocessed for lstrip_blocks and trim_blocks (and transformers' {@code {% generation %}} markers are dropped),
 * then split into text, {@code {% %}}, {@code {{ }}} and comments with {@code -} whitespace control.
 */
final class JinjaLexer {

    enum Kind {
        TEXT, NUMBER, STRING, IDENTIFIER, EQUALS, OPEN_PAREN, CLOSE_PAREN, OPEN_STATEMENT, CLOSE_STATEMENT,
        OPEN_EXPRESSION, CLOSE_EXPRESSION, OPEN_BRACKET, CLOSE_BRACKET, OPEN_CURLY, CLOSE_CURLY, COMMA, DOT, COLON,
        PIPE, ADDITIVE, MULTIPLICATIVE, POWER, COMPARISON, UNARY, COMMENT
    }

    record Token(Kind kind, String value) {
    }

    private static final String[][] SYMBOLS = {
            {"{%", "OPEN_STATEMENT"}, {"%}", "CLOSE_STATEMENT"}, {"{{", "OPEN_EXPRESSION"}, {"}}", "CLOSE_EXPRESSION"},
            {"(", "OPEN_PAREN"}, {")", "CLOSE_PAREN"}, {"{", "OPEN_CURLY"}, {"}", "CLOSE_CURLY"},
            {"[", "OPEN_BRACKET"}, {"]", "CLOSE_BRACKET"}, {",", "COMMA"}, {".", "DOT"}, {":", "COLON"}, {"|", "PIPE"},
            {"<=", "COMPARISON"}, {">=", "COMPARISON"}, {"==", "COMPARISON"}, {"!=", "COMPARISON"},
            {"<", "COMPARISON"}, {">", "COMPARISON"}, {"+", "ADDITIVE"}, {"-", "ADDITIVE"}, {"~", "ADDITIVE"},
            {"**", "POWER"}, {"*", "MULTIPLICATIVE"}, {"//", "MULTIPLICATIVE"}, {"/", "MULTIPLICATIVE"},
            {"%", "MULTIPLICATIVE"}, {"=", "EQUALS"},
    };

    private static final Pattern LSTRIP = Pattern.compile("(?m)^[ \\t]*(\\{[#%-])");
    private static final Pattern TRIM = Pattern.compile("([#%-]})\\n");
    private static final Pattern GENERATION = Pattern.compile("(?s)(\\s*)\\{%(-?)\\s*(?:end)?generation\\s*(-?)%}(\\s*)");

    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int curlyDepth;

    private JinjaLexer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String template) {
        JinjaLexer lexer = new JinjaLexer(preprocess(template));
        lexer.run();
        return lexer.tokens;
    }

    static String preprocess(String template) {
        if (template.endsWith("\n")) {
            template = template.substring(0, template.length() - 1);
        }
        template = LSTRIP.matcher(template).replaceAll("$1");
        template = TRIM.matcher(template).replaceAll("$1");
        if (!template.contains("generation")) {
            return template;
        }
        Matcher m = GENERATION.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement = (m.group(2).isEmpty() ? m.group(1) : "") + (m.group(3).isEmpty() ? m.group(4) : "");
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private char at(int i) {
        return i < src.length() ? src.charAt(i) : '\0';
    }

    private Kind last() {
        return tokens.isEmpty() ? null : tokens.getLast().kind();
    }

    private void run() {
        while (pos < src.length()) {
            Kind last = last();
            if (last == null || last == Kind.CLOSE_STATEMENT || last == Kind.CLOSE_EXPRESSION || last == Kind.COMMENT) {
                int start = pos;
                while (pos < src.length() && !(at(pos) == '{' && (at(pos + 1) == '%' || at(pos + 1) == '{' || at(pos + 1) == '#'))) {
                    pos++;
                }
                if (pos > start) {
                    tokens.add(new Token(Kind.TEXT, src.substring(start, pos)));
                    continue;
                }
            }
            if (at(pos) == '{' && at(pos + 1) == '#') {
                comment();
                continue;
            }
            if (src.startsWith("{%-", pos)) {
                stripTrailingWhitespace();
                tokens.add(new Token(Kind.OPEN_STATEMENT, "{%"));
                pos += 3;
                continue;
            }
            if (src.startsWith("{{-", pos)) {
                stripTrailingWhitespace();
                tokens.add(new Token(Kind.OPEN_EXPRESSION, "{{"));
                curlyDepth = 0;
                pos += 3;
                continue;
            }
            while (pos < src.length() && isSpace(at(pos))) {
                pos++;
            }
            if (src.startsWith("-%}", pos)) {
                tokens.add(new Token(Kind.CLOSE_STATEMENT, "%}"));
                pos += 3;
                skipWhitespace();
                continue;
            }
            if (src.startsWith("-}}", pos)) {
                tokens.add(new Token(Kind.CLOSE_EXPRESSION, "}}"));
                pos += 3;
                skipWhitespace();
                continue;
            }
            if (pos >= src.length()) {
                break;
            }
            char c = at(pos);
            if ((c == '-' || c == '+') && unaryPosition()) {
                pos++;
                String num = digits();
                if (!num.isEmpty() && at(pos) == '.' && isDigit(at(pos + 1))) {
                    pos++;
                    num = num + "." + digits();
                }
                tokens.add(new Token(num.isEmpty() ? Kind.UNARY : Kind.NUMBER, c + num));
                continue;
            }
            if (symbol()) {
                continue;
            }
            if (c == '\'' || c == '"') {
                pos++;
                tokens.add(new Token(Kind.STRING, quoted(c)));
                pos++;
                continue;
            }
            if (isDigit(c)) {
                String num = digits();
                if (last() != Kind.DOT && at(pos) == '.' && isDigit(at(pos + 1))) {
                    pos++;
                    num = num + "." + digits();
                }
                tokens.add(new Token(Kind.NUMBER, num));
                continue;
            }
            if (isWord(c)) {
                int start = pos;
                while (pos < src.length() && isWord(at(pos))) {
                    pos++;
                }
                tokens.add(new Token(Kind.IDENTIFIER, src.substring(start, pos)));
                continue;
            }
            throw new JinjaException("Unexpected character: " + c);
        }
    }

    /** A sign after an operator or an opening token is unary (Hugging Face decides by the previous token). */
    private boolean unaryPosition() {
        Kind last = last();
        if (last == Kind.TEXT || last == null) {
            throw new JinjaException("Unexpected character: " + at(pos));
        }
        return !(last == Kind.IDENTIFIER || last == Kind.NUMBER || last == Kind.STRING || last == Kind.CLOSE_PAREN
                || last == Kind.CLOSE_BRACKET);
    }

    private boolean symbol() {
        for (String[] s : SYMBOLS) {
            if (s[0].equals("}}") && curlyDepth > 0) {
                continue;
            }
            if (src.startsWith(s[0], pos)) {
                Kind kind = Kind.valueOf(s[1]);
                tokens.add(new Token(kind, s[0]));
                if (kind == Kind.OPEN_EXPRESSION) {
                    curlyDepth = 0;
                } else if (kind == Kind.OPEN_CURLY) {
                    curlyDepth++;
                } else if (kind == Kind.CLOSE_CURLY) {
                    curlyDepth--;
                }
                pos += s[0].length();
                return true;
            }
        }
        return false;
    }

    private void comment() {
        pos += 2;
        boolean stripBefore = at(pos) == '-';
        if (stripBefore) {
            pos++;
        }
        int start = pos;
        while (!(at(pos) == '#' && at(pos + 1) == '}')) {
            if (pos + 2 >= src.length()) {
                throw new JinjaException("Missing end of comment tag");
            }
            pos++;
        }
        String text = src.substring(start, pos);
        boolean stripAfter = text.endsWith("-");
        if (stripAfter) {
            text = text.substring(0, text.length() - 1);
        }
        if (stripBefore) {
            stripTrailingWhitespace();
        }
        tokens.add(new Token(Kind.COMMENT, text));
        pos += 2;
        if (stripAfter) {
            skipWhitespace();
        }
    }

    private String quoted(char quote) {
        StringBuilder sb = new StringBuilder();
        while (at(pos) != quote) {
            if (pos >= src.length()) {
                throw new JinjaException("Unexpected end of input");
            }
            char c = src.charAt(pos++);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= src.length()) {
                throw new JinjaException("Unexpected end of input");
            }
            char e = src.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                case '\'', '"', '\\' -> sb.append(e);
                case 'x', 'u' -> {
                    int n = e == 'x' ? 2 : 4;
                    String hex = src.substring(pos, Math.min(src.length(), pos + n));
                    if (hex.length() != n || !hex.matches("[0-9a-fA-F]+")) {
                        throw new JinjaException("Invalid hexadecimal escape sequence: \\" + e + hex);
                    }
                    sb.append((char) Integer.parseInt(hex, 16));
                    pos += n;
                }
                default -> throw new JinjaException("Unexpected escaped character: " + e);
            }
        }
        return sb.toString();
    }

    private String digits() {
        int start = pos;
        while (isDigit(at(pos))) {
            pos++;
        }
        return src.substring(start, pos);
    }

    private void stripTrailingWhitespace() {
        if (!tokens.isEmpty() && tokens.getLast().kind() == Kind.TEXT) {
            String trimmed = JsStrings.trimEnd(tokens.getLast().value());
            tokens.removeLast();
            if (!trimmed.isEmpty()) {
                tokens.add(new Token(Kind.TEXT, trimmed));
            }
        }
    }

    private void skipWhitespace() {
        while (pos < src.length() && isSpace(at(pos))) {
            pos++;
        }
    }

    private static boolean isSpace(char c) {
        return JsStrings.isSpace(c);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWord(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_';
    }
}
