package dev.jollama.engine.grammar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads GBNF, llama.cpp's grammar text: {@code name ::= alternatives}, with "literals", [character classes] (ranges,
 * {@code ^} negation, escapes), rule names, (groups), {@code .} for any character, the postfix operators
 * {@code ? * + {m} {m,} {m,n}}, and {@code #} comments. A rule runs until the next {@code name ::=}.
 */
final class GbnfParser {
    private final String src;
    private int pos;

    private GbnfParser(String src) {
        this.src = src;
    }

    static Map<String, Expr> parse(String src) {
        return new GbnfParser(src).rules();
    }

    private Map<String, Expr> rules() {
        Map<String, Expr> rules = new LinkedHashMap<>();
        skipSpace();
        while (pos < src.length()) {
            String name = name();
            skipSpace();
            if (!src.startsWith("::=", pos)) throw error("expected ::= after rule name " + name);
            pos += 3;
            if (rules.put(name, alternatives()) != null) throw error("rule " + name + " is defined twice");
            skipSpace();
        }
        if (rules.isEmpty()) throw new GrammarException("empty grammar");
        return rules;
    }

    private Expr alternatives() {
        List<Expr> options = new ArrayList<>();
        options.add(sequence());
        while (peek() == '|') {
            pos++;
            options.add(sequence());
        }
        return Expr.alt(options);
    }

    private Expr sequence() {
        List<Expr> items = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= src.length() || peek() == '|' || peek() == ')' || atRuleStart()) break;
            items.add(postfix(primary()));
        }
        return Expr.seq(items);
    }

    private Expr primary() {
        char c = peek();
        if (c == '"') return literal();
        if (c == '[') return charClass();
        if (c == '.') {
            pos++;
            return Expr.CharClass.ANY;
        }
        if (c == '(') {
            pos++;
            Expr inner = alternatives();
            skipSpace();
            if (peek() != ')') throw error("expected )");
            pos++;
            return inner;
        }
        if (isNameChar(c)) return Expr.ref(name());
        throw error("unexpected character '" + c + "'");
    }

    private Expr postfix(Expr e) {
        while (pos < src.length()) {
            char c = peek();
            if (c == '*') { pos++; e = Expr.star(e); }
            else if (c == '+') { pos++; e = Expr.plus(e); }
            else if (c == '?') { pos++; e = Expr.opt(e); }
            else if (c == '{') e = braces(e);
            else break;
        }
        return e;
    }

    private Expr braces(Expr e) {
        pos++;
        skipBlanks();
        int min = number();
        int max = min;
        skipBlanks();
        if (peek() == ',') {
            pos++;
            skipBlanks();
            max = Character.isDigit(peek()) ? number() : Expr.Repeat.UNBOUNDED;
            skipBlanks();
        }
        if (peek() != '}') throw error("expected } in repetition");
        pos++;
        return Expr.repeat(e, min, max);
    }

    private int number() {
        int start = pos;
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) pos++;
        if (start == pos) throw error("expected a number");
        try {
            return Integer.parseInt(src.substring(start, pos));
        } catch (NumberFormatException e) {
            throw error("repetition count too large");
        }
    }

    private Expr literal() {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length()) throw error("unterminated literal");
            char c = src.charAt(pos);
            if (c == '"') { pos++; break; }
            sb.appendCodePoint(c == '\\' ? escape() : nextCodePoint());
        }
        return Expr.lit(sb.toString());
    }

    private Expr charClass() {
        pos++;
        boolean negated = peek() == '^';
        if (negated) pos++;
        List<Integer> ranges = new ArrayList<>();
        while (true) {
            if (pos >= src.length()) throw error("unterminated character class");
            if (peek() == ']') { pos++; break; }
            int lo = classChar();
            int hi = lo;
            if (peek() == '-' && pos + 1 < src.length() && src.charAt(pos + 1) != ']') {
                pos++;
                hi = classChar();
            }
            if (hi < lo) throw error("bad range in character class");
            ranges.add(lo);
            ranges.add(hi);
        }
        if (ranges.isEmpty()) throw error("empty character class");
        Expr.CharClass cls = new Expr.CharClass(ranges.stream().mapToInt(Integer::intValue).toArray());
        return negated ? cls.negate() : cls;
    }

    private int classChar() {
        return peek() == '\\' ? escape() : nextCodePoint();
    }

    private int escape() {
        pos++;
        if (pos >= src.length()) throw error("dangling backslash");
        char c = src.charAt(pos++);
        return switch (c) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case '0' -> 0;
            case 'x' -> hex(2);
            case 'u' -> hex(4);
            case 'U' -> hex(8);
            default -> c;
        };
    }

    private int hex(int digits) {
        if (pos + digits > src.length()) throw error("short hex escape");
        try {
            int cp = Integer.parseInt(src.substring(pos, pos + digits), 16);
            pos += digits;
            if (cp > Character.MAX_CODE_POINT) throw error("code point out of range");
            return cp;
        } catch (NumberFormatException e) {
            throw error("bad hex escape");
        }
    }

    private int nextCodePoint() {
        int cp = src.codePointAt(pos);
        pos += Character.charCount(cp);
        return cp;
    }

    private String name() {
        int start = pos;
        while (pos < src.length() && isNameChar(src.charAt(pos))) pos++;
        if (start == pos) throw error("expected a rule name");
        return src.substring(start, pos);
    }

    private boolean atRuleStart() {
        int p = pos;
        while (p < src.length() && isNameChar(src.charAt(p))) p++;
        if (p == pos) return false;
        while (p < src.length() && (src.charAt(p) == ' ' || src.charAt(p) == '\t')) p++;
        return src.startsWith("::=", p);
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    private char peek() {
        return pos < src.length() ? src.charAt(pos) : '\0';
    }

    private void skipBlanks() {
        while (pos < src.length() && (src.charAt(pos) == ' ' || src.charAt(pos) == '\t')) pos++;
    }

    private void skipSpace() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else {
                break;
            }
        }
    }

    private GrammarException error(String message) {
        int line = 1, col = 1;
        for (int i = 0; i < Math.min(pos, src.length()); i++) {
            if (src.charAt(i) == '\n') { line++; col = 1; } else col++;
        }
        return new GrammarException("grammar syntax error at " + line + ":" + col + ": " + message);
    }
}
