package dev.jollama.server.template.gotmpl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits Go text/template source into tokens, as Go's text/template/parse lexer does: text between actions,
 * {@code {{- }}/{@code -}}} whitespace trimming, comments, and the words inside actions.
 */
final class Lexer {

    enum Kind {
        TEXT, LEFT_DELIM, RIGHT_DELIM, SPACE, PIPE, LEFT_PAREN, RIGHT_PAREN, DECLARE, ASSIGN, COMMA,
        STRING, RAW_STRING, CHAR, NUMBER, BOOL, NIL, DOT, FIELD, VARIABLE, IDENTIFIER, KEYWORD, EOF
    }

    record Token(Kind kind, String text, int line) {
        @Override
        public String toString() {
            return switch (kind) {
                case EOF -> "EOF";
                case KEYWORD -> "<" + text + ">";
                default -> text.length() > 10 && kind == Kind.TEXT ? '"' + text.substring(0, 10) + "\"..." : '"' + text + '"';
            };
        }
    }

    private static final Set<String> KEYWORDS =
            Set.of("block", "break", "continue", "define", "else", "end", "if", "range", "template", "with");
    private static final String LEFT = "{{", RIGHT = "}}", COMMENT_OPEN = "/*", COMMENT_CLOSE = "*/";

    private final String name;
    private final String input;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;
    private int parenDepth;

    private Lexer(String name, String input) {
        this.name = name;
        this.input = input;
    }

    static List<Token> lex(String name, String input) {
        Lexer l = new Lexer(name, input);
        l.run();
        return l.tokens;
    }

    private void run() {
        while (true) {
            int start = input.indexOf(LEFT, pos);
            if (start < 0) {
                emitText(input.substring(pos));
                line += count(input.substring(pos));
                pos = input.length();
                tokens.add(new Token(Kind.EOF, "", line));
                return;
            }
            boolean trimLeft = hasLeftTrim(start + LEFT.length());
            String text = input.substring(pos, start);
            emitText(trimLeft ? stripTrailingSpace(text) : text);
            line += count(text);
            pos = start;
            lexLeftDelim(trimLeft);
        }
    }

    private void emitText(String text) {
        if (!text.isEmpty()) {
            tokens.add(new Token(Kind.TEXT, text, line));
        }
    }

    private boolean hasLeftTrim(int after) {
        return after + 1 < input.length() && input.charAt(after) == '-' && isSpace(input.charAt(after + 1));
    }

    private boolean atRightTrim(int at) {
        return at + 3 <= input.length() && isSpace(input.charAt(at)) && input.startsWith("-" + RIGHT, at + 1);
    }

    private void lexLeftDelim(boolean trimLeft) {
        pos += LEFT.length();
        if (trimLeft) {
            pos += 2;
        }
        if (input.startsWith(COMMENT_OPEN, pos)) {
            lexComment();
            return;
        }
        tokens.add(new Token(Kind.LEFT_DELIM, LEFT, line));
        parenDepth = 0;
        lexInsideAction();
    }

    private void lexComment() {
        int commentLine = line;
        int end = input.indexOf(COMMENT_CLOSE, pos + COMMENT_OPEN.length());
        if (end < 0) {
            throw error(commentLine, "unclosed comment");
        }
        line += count(input.substring(pos, end));
        pos = end + COMMENT_CLOSE.length();
        boolean trimRight = atRightTrim(pos);
        if (trimRight) {
            pos += 2;
        }
        if (!input.startsWith(RIGHT, pos)) {
            throw error(line, "comment ends before closing delimiter");
        }
        pos += RIGHT.length();
        if (trimRight) {
            skipLeadingSpace();
        }
    }

    private void skipLeadingSpace() {
        int start = pos;
        while (pos < input.length() && isSpace(input.charAt(pos))) {
            pos++;
        }
        line += count(input.substring(start, pos));
    }

    private void lexInsideAction() {
        while (true) {
            if (atRightTrim(pos) && parenDepth == 0) {
                line += count(input.substring(pos, pos + 1));
                pos += 2 + RIGHT.length();
                tokens.add(new Token(Kind.RIGHT_DELIM, RIGHT, line));
                skipLeadingSpace();
                return;
            }
            if (input.startsWith(RIGHT, pos)) {
                if (parenDepth > 0) {
                    throw error(line, "unclosed left paren");
                }
                pos += RIGHT.length();
                tokens.add(new Token(Kind.RIGHT_DELIM, RIGHT, line));
                return;
            }
            if (pos >= input.length()) {
                throw error(line, "unclosed action");
            }
            char c = input.charAt(pos);
            if (isSpace(c)) {
                lexSpace();
            } else if (c == '=') {
                pos++;
                tokens.add(new Token(Kind.ASSIGN, "=", line));
            } else if (c == ':') {
                if (!input.startsWith(":=", pos)) {
                    throw error(line, "expected :=");
                }
                pos += 2;
                tokens.add(new Token(Kind.DECLARE, ":=", line));
            } else if (c == '|') {
                pos++;
                tokens.add(new Token(Kind.PIPE, "|", line));
            } else if (c == '"') {
                lexQuote();
            } else if (c == '`') {
                lexRawQuote();
            } else if (c == '$') {
                lexWord(Kind.VARIABLE, pos + 1);
            } else if (c == '\'') {
                lexChar();
            } else if (c == '.') {
                if (pos + 1 < input.length() && Character.isDigit(input.charAt(pos + 1))) {
                    lexNumber();
                } else {
                    lexField();
                }
            } else if (c == '+' || c == '-' || Character.isDigit(c)) {
                lexNumber();
            } else if (isAlphaNumeric(c)) {
                lexIdentifier();
            } else if (c == '(') {
                pos++;
                parenDepth++;
                tokens.add(new Token(Kind.LEFT_PAREN, "(", line));
            } else if (c == ')') {
                pos++;
                parenDepth--;
                if (parenDepth < 0) {
                    throw error(line, "unexpected right paren");
                }
                tokens.add(new Token(Kind.RIGHT_PAREN, ")", line));
            } else if (c == ',') {
                pos++;
                tokens.add(new Token(Kind.COMMA, ",", line));
            } else {
                throw error(line, "unexpected " + GoFormat.quoteRune(input.codePointAt(pos)) + " in command");
            }
        }
    }

    private void lexSpace() {
        int start = pos;
        while (pos < input.length() && isSpace(input.charAt(pos))) {
            if (atRightTrim(pos) && parenDepth == 0) {
                break;
            }
            pos++;
        }
        String s = input.substring(start, pos);
        if (!s.isEmpty()) {
            tokens.add(new Token(Kind.SPACE, s, line));
            line += count(s);
        }
    }

    private void lexQuote() {
        int start = pos++;
        while (true) {
            if (pos >= input.length() || input.charAt(pos) == '\n') {
                throw error(line, "unterminated quoted string");
            }
            char c = input.charAt(pos++);
            if (c == '\\') {
                if (pos >= input.length() || input.charAt(pos) == '\n') {
                    throw error(line, "unterminated quoted string");
                }
                pos++;
            } else if (c == '"') {
                break;
            }
        }
        tokens.add(new Token(Kind.STRING, input.substring(start, pos), line));
    }

    private void lexRawQuote() {
        int start = pos;
        int end = input.indexOf('`', pos + 1);
        if (end < 0) {
            throw error(line, "unterminated raw quoted string");
        }
        pos = end + 1;
        String text = input.substring(start, pos);
        tokens.add(new Token(Kind.RAW_STRING, text, line));
        line += count(text);
    }

    private void lexChar() {
        int start = pos++;
        while (true) {
            if (pos >= input.length() || input.charAt(pos) == '\n') {
                throw error(line, "unterminated character constant");
            }
            char c = input.charAt(pos++);
            if (c == '\\') {
                pos++;
            } else if (c == '\'') {
                break;
            }
        }
        tokens.add(new Token(Kind.CHAR, input.substring(start, pos), line));
    }

    private void lexNumber() {
        int start = pos;
        if (pos < input.length() && (input.charAt(pos) == '+' || input.charAt(pos) == '-')) {
            pos++;
        }
        String digits = "0123456789_";
        if (input.startsWith("0x", pos) || input.startsWith("0X", pos)) {
            pos += 2;
            digits = "0123456789abcdefABCDEF_";
        } else if (input.startsWith("0o", pos) || input.startsWith("0O", pos)) {
            pos += 2;
            digits = "01234567_";
        } else if (input.startsWith("0b", pos) || input.startsWith("0B", pos)) {
            pos += 2;
            digits = "01_";
        }
        accept(digits);
        if (pos < input.length() && input.charAt(pos) == '.') {
            pos++;
            accept(digits);
        }
        if (digits.length() == 11 && pos < input.length() && "eE".indexOf(input.charAt(pos)) >= 0) {
            pos++;
            if (pos < input.length() && "+-".indexOf(input.charAt(pos)) >= 0) {
                pos++;
            }
            accept("0123456789_");
        }
        if (pos < input.length() && input.charAt(pos) == 'i') {
            pos++;
        }
        if (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
            pos++;
            throw error(line, "bad number syntax: " + GoFormat.quote(input.substring(start, pos)));
        }
        tokens.add(new Token(Kind.NUMBER, input.substring(start, pos), line));
    }

    private void accept(String valid) {
        while (pos < input.length() && valid.indexOf(input.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private void lexField() {
        if (pos + 1 >= input.length() || !isAlphaNumeric(input.charAt(pos + 1))) {
            pos++;
            tokens.add(new Token(Kind.DOT, ".", line));
            return;
        }
        lexWord(Kind.FIELD, pos + 1);
    }

    /** A word from the current position (its sigil included), the name running from {@code nameStart}. */
    private void lexWord(Kind kind, int nameStart) {
        int start = pos;
        pos = nameStart;
        while (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
            pos++;
        }
        checkTermination();
        tokens.add(new Token(kind, input.substring(start, pos), line));
    }

    private void lexIdentifier() {
        int start = pos;
        while (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
            pos++;
        }
        checkTermination();
        String word = input.substring(start, pos);
        Kind kind;
        if (KEYWORDS.contains(word)) {
            kind = Kind.KEYWORD;
        } else if (word.equals("true") || word.equals("false")) {
            kind = Kind.BOOL;
        } else if (word.equals("nil")) {
            kind = Kind.NIL;
        } else {
            kind = Kind.IDENTIFIER;
        }
        tokens.add(new Token(kind, word, line));
    }

    /** A word must be followed by a space, a delimiter or punctuation, as Go's atTerminator requires. */
    private void checkTermination() {
        if (pos >= input.length()) {
            return;
        }
        char c = input.charAt(pos);
        if (isSpace(c) || c == '.' || c == ',' || c == '|' || c == ':' || c == ')' || c == '(' || c == '=') {
            return;
        }
        if (input.startsWith(RIGHT, pos)) {
            return;
        }
        throw error(line, "bad character " + GoFormat.quoteRune(input.codePointAt(pos)));
    }

    private GoTemplateException error(int atLine, String message) {
        return new GoTemplateException("template: " + name + ":" + atLine + ": " + message);
    }

    static String stripTrailingSpace(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    static boolean isAlphaNumeric(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private static int count(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
