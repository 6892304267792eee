package dev.jollama.engine.grammar;

import java.util.ArrayList;
import java.util.List;

/**
 * JSON Schema {@code pattern} (the ECMA-262 subset schemas use) as a grammar of the JSON string's content: literals,
 * classes with ranges and negation, {@code . \d \w \s \D \W \S}, groups (capturing, {@code (?:)}, named), alternation,
 * the quantifiers {@code ? * + {m} {m,} {m,n}} and their lazy forms, escapes ({@code \n \t \xHH \\uHHHH ...}), and the
 * anchors {@code ^ $} at the ends of a top-level branch. A pattern matches anywhere in the string, so an unanchored
 * side gets any characters. Lookaround, backreferences and word boundaries are refused. Where ECMA and Java regexes
 * differ ({@code \s}, {@code .}) the grammar keeps to characters both agree on. Characters JSON must escape are
 * generated in their escaped form.
 */
final class RegexGrammar {
    /** What {@code .} matches in both ECMA-262 and java.util.regex: not a line terminator of either. */
    private static final Expr.CharClass DOT = Expr.CharClass.ANY.minus(Expr.CharClass.chars("\n\r\u0085\u2028\u2029"));
    private static final Expr.CharClass DIGIT = Expr.CharClass.of('0', '9');
    private static final Expr.CharClass WORD = new Expr.CharClass(new int[] {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'});
    private static final Expr.CharClass ASCII_SPACE = Expr.CharClass.chars(" \t\n\u000B\f\r");
    private static final Expr.CharClass UNICODE_SPACE = ASCII_SPACE.union(
            Expr.CharClass.chars("\u00A0\u1680\u2028\u2029\u202F\u205F\u3000\uFEFF\u0085")).union(Expr.CharClass.of(0x2000, 0x200A));
    private static final Expr.CharClass JSON_RAW = Expr.CharClass.ANY.minus(Expr.CharClass.of(0, 0x1F).union(Expr.CharClass.chars("\"\\")));

    private final String src;
    private final String location;
    private int pos;

    private RegexGrammar(String src, String location) {
        this.src = src;
        this.location = location;
    }

    /** The content (between the quotes) of JSON strings that {@code pattern} matches. */
    static Expr jsonContent(String pattern, String location) {
        RegexGrammar p = new RegexGrammar(pattern, location);
        List<Expr> branches = new ArrayList<>();
        do {
            branches.add(p.topBranch());
        } while (p.eat('|'));
        if (p.pos != pattern.length()) throw p.error("unexpected ')'");
        return jsonEncoded(Expr.alt(branches));
    }

    private Expr topBranch() {
        boolean anchoredStart = eat('^');
        List<Expr> items = new ArrayList<>();
        boolean anchoredEnd = false;
        while (pos < src.length() && peek() != '|' && peek() != ')') {
            if (peek() == '$') {
                pos++;
                if (pos < src.length() && peek() != '|' && peek() != ')') throw error("'$' is only supported at the end of the pattern");
                anchoredEnd = true;
                break;
            }
            items.add(quantified());
        }
        Expr any = Expr.star(DOT);
        if (!anchoredStart) items.addFirst(any);
        if (!anchoredEnd) items.addLast(any);
        return Expr.seq(items);
    }

    private Expr alternation() {
        List<Expr> branches = new ArrayList<>();
        do {
            List<Expr> items = new ArrayList<>();
            while (pos < src.length() && peek() != '|' && peek() != ')') items.add(quantified());
            branches.add(Expr.seq(items));
        } while (eat('|'));
        return Expr.alt(branches);
    }

    private Expr quantified() {
        Expr atom = atom();
        while (pos < src.length()) {
            char c = peek();
            int min, max;
            if (c == '*') { pos++; min = 0; max = Expr.Repeat.UNBOUNDED; }
            else if (c == '+') { pos++; min = 1; max = Expr.Repeat.UNBOUNDED; }
            else if (c == '?') { pos++; min = 0; max = 1; }
            else if (c == '{' && isBraceQuantifier()) {
                pos++;
                min = number();
                max = min;
                if (eat(',')) max = peek() == '}' ? Expr.Repeat.UNBOUNDED : number();
                if (!eat('}')) throw error("bad {m,n} quantifier");
                if (max != Expr.Repeat.UNBOUNDED && max < min) throw error("{m,n} with n < m");
            } else break;
            eat('?'); // lazy: same language
            atom = Expr.repeat(atom, min, max);
        }
        return atom;
    }

    private boolean isBraceQuantifier() {
        int p = pos + 1;
        int digits = 0;
        while (p < src.length() && Character.isDigit(src.charAt(p))) { p++; digits++; }
        return digits > 0 && p < src.length() && (src.charAt(p) == '}' || src.charAt(p) == ',');
    }

    private int number() {
        int start = pos;
        while (pos < src.length() && Character.isDigit(peek())) pos++;
        if (start == pos) throw error("expected a number");
        long v = Long.parseLong(src.substring(start, Math.min(pos, start + 9)));
        if (pos - start > 6 || v > 100_000) throw error("repetition count too large");
        return (int) v;
    }

    private Expr atom() {
        char c = peek();
        switch (c) {
            case '(' -> {
                pos++;
                if (eat('?')) {
                    if (eat(':')) { /* non-capturing */ }
                    else if (peek() == '<' && pos + 1 < src.length() && Character.isLetter(src.charAt(pos + 1))) {
                        while (pos < src.length() && peek() != '>') pos++;
                        pos++;
                    } else throw error("lookaround and other (? groups are not supported");
                }
                Expr inner = alternation();
                if (!eat(')')) throw error("missing ')'");
                return inner;
            }
            case '[' -> { return charClass(); }
            case '.' -> { pos++; return DOT; }
            case '\\' -> { return escapeAtom(); }
            case ')', '|', '*', '+', '?' -> throw error("unexpected '" + c + "'");
            case '^', '$' -> throw error("anchors are only supported at the ends of the pattern");
            default -> {
                int cp = src.codePointAt(pos);
                pos += Character.charCount(cp);
                return Expr.lit(Character.toString(cp));
            }
        }
    }

    private Expr escapeAtom() {
        pos++;
        if (pos >= src.length()) throw error("dangling backslash");
        char c = peek();
        if (c == 'b' || c == 'B') throw error("word boundaries are not supported");
        if (c >= '1' && c <= '9' || c == 'k') throw error("backreferences are not supported");
        Expr.CharClass cls = classEscape();
        if (cls != null) return cls;
        return Expr.lit(Character.toString(singleEscape()));
    }

    /** After a backslash: a class escape (\d \w \s and negations), consumed; null if it is not one. */
    private Expr.CharClass classEscape() {
        Expr.CharClass cls = switch (peek()) {
            case 'd' -> DIGIT;
            case 'D' -> DIGIT.negate();
            case 'w' -> WORD;
            case 'W' -> WORD.negate();
            case 's' -> ASCII_SPACE;
            case 'S' -> UNICODE_SPACE.negate();
            default -> null;
        };
        if (cls != null) pos++;
        return cls;
    }

    /** After a backslash: one escaped code point, consumed. */
    private int singleEscape() {
        char c = src.charAt(pos++);
        return switch (c) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'f' -> '\f';
            case 'v' -> 0x0B;
            case '0' -> 0;
            case 'x' -> hex(2);
            case 'u' -> {
                if (eat('{')) {
                    int start = pos;
                    while (pos < src.length() && peek() != '}') pos++;
                    int cp = parseHex(src.substring(start, pos));
                    pos++;
                    yield cp;
                }
                yield hex(4);
            }
            case 'c', 'p', 'P' -> throw error("\\" + c + " escapes are not supported");
            default -> {
                if (Character.isLetterOrDigit(c)) throw error("unknown escape \\" + c);
                yield c;
            }
        };
    }

    private int hex(int n) {
        if (pos + n > src.length()) throw error("short hex escape");
        int cp = parseHex(src.substring(pos, pos + n));
        pos += n;
        return cp;
    }

    private int parseHex(String s) {
        try {
            int cp = Integer.parseInt(s, 16);
            if (cp > Character.MAX_CODE_POINT) throw error("code point out of range");
            return cp;
        } catch (NumberFormatException e) {
            throw error("bad hex escape");
        }
    }

    private Expr charClass() {
        pos++;
        boolean negated = eat('^');
        Expr.CharClass cls = null;
        boolean first = true;
        while (true) {
            if (pos >= src.length()) throw error("missing ']'");
            if (peek() == ']' && !first) { pos++; break; }
            first = false;
            Expr.CharClass item;
            if (peek() == '\\') {
                pos++;
                if (pos >= src.length()) throw error("dangling backslash");
                item = classEscape();
                if (item == null) item = range(peek() == 'b' ? skipAnd(0x08) : singleEscape());
            } else {
                int cp = src.codePointAt(pos);
                pos += Character.charCount(cp);
                item = range(cp);
            }
            cls = cls == null ? item : cls.union(item);
        }
        if (!negated) return cls;
        Expr.CharClass complement = cls.negate();
        if (complement == null) throw error("class matches nothing");
        return complement;
    }

    private int skipAnd(int cp) {
        pos++;
        return cp;
    }

    /** A single code point, or a range if a '-' and another code point follow. */
    private Expr.CharClass range(int lo) {
        if (peek() == '-' && pos + 1 < src.length() && src.charAt(pos + 1) != ']') {
            pos++;
            int hi;
            if (peek() == '\\') {
                pos++;
                hi = singleEscape();
            } else {
                hi = src.codePointAt(pos);
                pos += Character.charCount(hi);
            }
            if (hi < lo) throw error("range out of order");
            return Expr.CharClass.of(lo, hi);
        }
        return Expr.CharClass.of(lo, lo);
    }

    /** Rewrites every character of a code-point grammar into how it is written inside a JSON string. */
    private static Expr jsonEncoded(Expr e) {
        return switch (e) {
            case Expr.Literal l -> Expr.seq(l.text().codePoints().mapToObj(c -> jsonChar(Expr.CharClass.of(c, c))).toList());
            case Expr.CharClass c -> jsonChar(c);
            case Expr.Seq s -> Expr.seq(s.items().stream().map(RegexGrammar::jsonEncoded).toList());
            case Expr.Alt a -> Expr.alt(a.options().stream().map(RegexGrammar::jsonEncoded).toList());
            case Expr.Repeat r -> new Expr.Repeat(jsonEncoded(r.item()), r.min(), r.max());
            case Expr.Ref r -> r;
        };
    }

    /** One character of {@code cls} as JSON writes it: raw, or escaped for quote, backslash and control characters. */
    static Expr jsonChar(Expr.CharClass cls) {
        List<Expr> options = new ArrayList<>();
        Expr.CharClass raw = cls.minus(Expr.CharClass.ANY.minus(JSON_RAW));
        if (raw != null) options.add(raw);
        if (cls.contains('"')) options.add(Expr.lit("\\\""));
        if (cls.contains('\\')) options.add(Expr.lit("\\\\"));
        for (int c = 0; c < 0x20; c++) {
            if (!cls.contains(c)) continue;
            String escaped = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                default -> String.format("\\u%04x", c);
            };
            options.add(Expr.lit(escaped));
        }
        return Expr.alt(options);
    }

    private boolean eat(char c) {
        if (pos < src.length() && src.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private char peek() {
        return pos < src.length() ? src.charAt(pos) : '\0';
    }

    private UnsupportedSchemaException error(String detail) {
        return new UnsupportedSchemaException("pattern", location, detail + " in /" + src + "/ at offset " + pos);
    }
}
