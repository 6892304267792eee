package dev.jollama.engine.tokenizer.pre;

import dev.jollama.engine.tokenizer.IntList;
import dev.jollama.engine.tokenizer.Unicode;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Any other pre-tokenizer pattern, run with java.util.regex exactly the way llama.cpp runs it with std::regex: when the
 * pattern uses Unicode categories, every non-ASCII code point is first collapsed to one character standing for its
 * category (white space to a vertical tab) and each {@code \p{..}} becomes a class of that character plus its ASCII
 * members; otherwise the pattern runs on the code points with non-ASCII white space replaced by a vertical tab.
 * Used for the less common pre-tokenizers; the frequent ones have hand-written splitters.
 */
public final class RegexSplitter implements Splitter {
    private static final char OTHER = 0xD0, NUMBER = 0xD1, LETTER = 0xD2, PUNCTUATION = 0xD3, MARK = 0xD4, SYMBOL = 0xD5;
    /** What each category class becomes in a collapsed pattern (inside brackets). */
    private static final Map<String, String> CATEGORY_CLASSES = Map.ofEntries(
            Map.entry("\\p{N}", NUMBER + "0-9"),
            Map.entry("\\p{L}", LETTER + "A-Za-z"),
            Map.entry("\\p{Lu}", LETTER + "A-Za-z"),
            Map.entry("\\p{Ll}", LETTER + "A-Za-z"),
            Map.entry("\\p{Lt}", LETTER + "A-Za-z"),
            Map.entry("\\p{Lm}", LETTER + "A-Za-z"),
            Map.entry("\\p{Lo}", LETTER + "A-Za-z"),
            Map.entry("\\p{P}", PUNCTUATION + "!-#%-*,-/:-;?-@\\[-\\]_\\{\\}"),
            Map.entry("\\p{M}", String.valueOf(MARK)),
            Map.entry("\\p{S}", SYMBOL + "\\$\\+<->\\^`\\|~"));

    private final String source;
    private final Pattern pattern;
    private final boolean collapsed;

    /** {@code regex} in llama.cpp's (ECMAScript) syntax, with \p{N}, \p{L}, \p{P}, \p{M}, \p{S} as its only classes. */
    public RegexSplitter(String regex) {
        this.source = regex;
        this.collapsed = CATEGORY_CLASSES.keySet().stream().anyMatch(regex::contains);
        this.pattern = Pattern.compile(collapsed ? collapse(regex) : regex);
    }

    @Override
    public void split(int[] cps, int from, int to, IntList ends) {
        StringBuilder text = new StringBuilder(to - from);
        int[] charToCp = new int[2 * (to - from) + 1];
        for (int i = from; i < to; i++) {
            charToCp[text.length()] = i;
            int cp = cps[i];
            if (collapsed) text.append(collapsedChar(cp));
            else text.appendCodePoint(cp > 0x7F && Unicode.isWhitespace(cp) ? 0x0B : cp);
        }
        charToCp[text.length()] = to;
        Matcher m = pattern.matcher(text);
        int last = from;
        while (m.find()) {
            int start = charToCp[m.start()], end = charToCp[m.end()];
            if (start > last) ends.add(start);
            if (end > start) ends.add(end);
            last = Math.max(last, end);
        }
        if (last < to) ends.add(to);
    }

    private static char collapsedChar(int cp) {
        if (cp < 0x80) return (char) cp;
        int f = Unicode.flags(cp);
        if ((f & Unicode.WHITESPACE) != 0) return 0x0B;
        return switch (f & 0xFF) {
            case Unicode.NUMBER -> NUMBER;
            case Unicode.LETTER -> LETTER;
            case Unicode.PUNCTUATION -> PUNCTUATION;
            case Unicode.MARK -> MARK;
            case Unicode.SYMBOL -> SYMBOL;
            default -> OTHER;
        };
    }

    /** Rewrites each \p{..} as the class of its collapsed character and ASCII members, as llama.cpp does. */
    static String collapse(String regex) {
        StringBuilder out = new StringBuilder();
        boolean inside = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length() && regex.charAt(i + 1) != 'p') {
                out.append(c).append(regex.charAt(++i));
                continue;
            }
            if (c == '[' && !inside) {
                inside = true;
            } else if (c == ']' && inside) {
                inside = false;
            } else if (c == '\\') {
                int close = regex.indexOf('}', i);
                String cls = close < 0 ? null : CATEGORY_CLASSES.get(regex.substring(i, close + 1));
                if (cls == null) throw new IllegalArgumentException("unsupported class in pre-tokenizer pattern: " + regex.substring(i));
                out.append(inside ? cls : "[" + cls + "]");
                i = close;
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "RegexSplitter[" + source + "]";
    }
}
