package dev.jollama.engine.tokenizer.pre;

import dev.jollama.engine.tokenizer.Unicode;

/**
 * A set of code points as llama.cpp's regex engine sees them. Categories (\p{L}, \p{N}, \p{P}, ...) never include
 * white space; literal ranges apply to the code point itself, except that non-ASCII white space is seen as a vertical
 * tab (llama.cpp substitutes it before running std::wregex).
 */
@FunctionalInterface
public interface CharClass {
    boolean contains(int cp);

    /** \s */
    CharClass WHITESPACE = Unicode::isWhitespace;
    /** \S */
    CharClass NOT_WHITESPACE = cp -> !Unicode.isWhitespace(cp);

    /** Code points of any of the given categories (Unicode.LETTER | ...), white space excluded. */
    static CharClass category(int categories) {
        return cp -> {
            int f = Unicode.flags(cp);
            return (f & categories) != 0 && (f & Unicode.WHITESPACE) == 0;
        };
    }

    /** Code points in any of the inclusive ranges {@code first0, last0, first1, last1, ...}. */
    static CharClass ranges(int... firstLast) {
        java.util.BitSet set = new java.util.BitSet();
        for (int i = 0; i < firstLast.length; i += 2) set.set(firstLast[i], firstLast[i + 1] + 1);
        return cp -> set.get(cp > 0x7F && Unicode.isWhitespace(cp) ? 0x0B : cp);
    }

    /** The code points of a string of literal characters. */
    static CharClass chars(String chars) {
        int[] cps = chars.codePoints().toArray();
        int[] pairs = new int[cps.length * 2];
        for (int i = 0; i < cps.length; i++) pairs[2 * i] = pairs[2 * i + 1] = cps[i];
        return ranges(pairs);
    }

    default CharClass or(CharClass other) {
        return cp -> contains(cp) || other.contains(cp);
    }
}
