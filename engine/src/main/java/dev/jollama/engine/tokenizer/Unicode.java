package dev.jollama.engine.tokenizer;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * The Unicode facts the tokenizers need, exactly as llama.cpp sees them: one general-category flag per code point
 * (its \p{L}, \p{N}, \p{P}, ... classes), its fixed white-space set, simple lower-casing and the first code point of
 * the NFD decomposition.
 *
 * <p>Everything is derived from Java's {@link Character} and {@link Normalizer} data. llama.cpp's tables were generated
 * from Unicode 15.1 while this JDK knows Unicode 16, so the code points that Unicode 16 added are treated as unassigned
 * (no category, no case mapping, no decomposition), which makes the two agree on every code point (checked once against
 * llama.cpp's own table; see docs/tokenizers.md).
 */
public final class Unicode {
    public static final int UNDEFINED = 0x01;
    public static final int NUMBER = 0x02;
    public static final int LETTER = 0x04;
    public static final int SEPARATOR = 0x08;
    public static final int MARK = 0x10;
    public static final int PUNCTUATION = 0x20;
    public static final int SYMBOL = 0x40;
    public static final int CONTROL = 0x80;
    public static final int WHITESPACE = 0x100;

    public static final int MAX_CODE_POINT = 0x10FFFF;
    public static final int REPLACEMENT = 0xFFFD;

    /** Code point ranges (first, last) assigned in Unicode 16.0, which llama.cpp's Unicode 15.1 tables do not know. */
    private static final int[] UNICODE_16_ADDITIONS = {
            0x0897, 0x0897, 0x1B4E, 0x1B4F, 0x1B7F, 0x1B7F, 0x1C89, 0x1C8A, 0x2427, 0x2429, 0x31E4, 0x31E5,
            0xA7CB, 0xA7CD, 0xA7DA, 0xA7DC, 0x105C0, 0x105F3, 0x10D40, 0x10D65, 0x10D69, 0x10D85, 0x10D8E, 0x10D8F,
            0x10EC2, 0x10EC4, 0x10EFC, 0x10EFC, 0x11380, 0x11389, 0x1138B, 0x1138B, 0x1138E, 0x1138E, 0x11390, 0x113B5,
            0x113B7, 0x113C0, 0x113C2, 0x113C2, 0x113C5, 0x113C5, 0x113C7, 0x113CA, 0x113CC, 0x113D5, 0x113D7, 0x113D8,
            0x113E1, 0x113E2, 0x116D0, 0x116E3, 0x11BC0, 0x11BE1, 0x11BF0, 0x11BF9, 0x11F5A, 0x11F5A, 0x13460, 0x143FA,
            0x16100, 0x16139, 0x16D40, 0x16D79, 0x18CFF, 0x18CFF, 0x1CC00, 0x1CCF9, 0x1CD00, 0x1CEB3, 0x1E5D0, 0x1E5FA,
            0x1E5FF, 0x1E5FF, 0x1F8B2, 0x1F8BB, 0x1F8C0, 0x1F8C1, 0x1FA89, 0x1FA89, 0x1FA8F, 0x1FA8F, 0x1FABE, 0x1FABE,
            0x1FAC6, 0x1FAC6, 0x1FADC, 0x1FADC, 0x1FADF, 0x1FADF, 0x1FAE9, 0x1FAE9, 0x1FBCB, 0x1FBEF,
    };

    /** White space as llama.cpp defines it (Unicode's White_Space property). */
    private static final int[] WHITESPACE_CODE_POINTS = {
            0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
            0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
    };

    /** Category bit plus white-space bit per code point. */
    private static final short[] FLAGS = buildFlags();
    /** Sorted code points whose NFD starts with another code point, and that code point; built on first use. */
    private static volatile int[][] nfdFirst;

    private Unicode() {}

    /** The llama.cpp flags of a code point: one category bit, plus {@link #WHITESPACE}; 0 outside Unicode. */
    public static int flags(int cp) {
        return cp >= 0 && cp <= MAX_CODE_POINT ? FLAGS[cp] : 0;
    }

    public static boolean isWhitespace(int cp) {
        return (flags(cp) & WHITESPACE) != 0;
    }

    public static boolean isLetter(int cp) {
        return (flags(cp) & LETTER) != 0;
    }

    public static boolean isNumber(int cp) {
        return (flags(cp) & NUMBER) != 0;
    }

    /** The category bit alone (one of the constants above), without white space. */
    public static int category(int cp) {
        return flags(cp) & 0xFF;
    }

    /** Simple lower-case mapping (UnicodeData's field 13), identity where there is none. */
    public static int toLower(int cp) {
        if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
        return isUnicode16Addition(cp) ? cp : Character.toLowerCase(cp);
    }

    /** The first code point of the canonical decomposition (NFD) of {@code cp}: "é" gives "e". */
    public static int nfdFirst(int cp) {
        if (cp < 0xC0 || cp > MAX_CODE_POINT) return cp;
        int[][] table = nfdFirst;
        if (table == null) table = buildNfd();
        int i = Arrays.binarySearch(table[0], cp);
        return i >= 0 ? table[1][i] : cp;
    }

    static boolean isUnicode16Addition(int cp) {
        int[] r = UNICODE_16_ADDITIONS;
        int lo = 0, hi = r.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (cp < r[2 * mid]) hi = mid - 1;
            else if (cp > r[2 * mid + 1]) lo = mid + 1;
            else return true;
        }
        return false;
    }

    private static short[] buildFlags() {
        short[] flags = new short[MAX_CODE_POINT + 1];
        for (int cp = 0; cp <= MAX_CODE_POINT; cp++) flags[cp] = (short) categoryFlag(Character.getType(cp));
        for (int i = 0; i < UNICODE_16_ADDITIONS.length; i += 2) {
            Arrays.fill(flags, UNICODE_16_ADDITIONS[i], UNICODE_16_ADDITIONS[i + 1] + 1, (short) UNDEFINED);
        }
        for (int cp : WHITESPACE_CODE_POINTS) flags[cp] |= WHITESPACE;
        return flags;
    }

    private static int categoryFlag(int javaType) {
        return switch (javaType) {
            case Character.UNASSIGNED -> UNDEFINED;
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE -> CONTROL;
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER -> LETTER;
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK -> MARK;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> NUMBER;
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> PUNCTUATION;
            case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> SYMBOL;
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> SEPARATOR;
            default -> throw new IllegalStateException("unknown Java character type " + javaType);
        };
    }

    private static synchronized int[][] buildNfd() {
        if (nfdFirst != null) return nfdFirst;
        IntList from = new IntList(16384), to = new IntList(16384);
        for (int cp = 0xC0; cp <= MAX_CODE_POINT; cp++) {
            int type = Character.getType(cp);
            if (type == Character.UNASSIGNED || type == Character.SURROGATE || type == Character.PRIVATE_USE
                    || isUnicode16Addition(cp)) continue;
            String s = Character.toString(cp);
            if (Normalizer.isNormalized(s, Normalizer.Form.NFD)) continue;
            int first = Normalizer.normalize(s, Normalizer.Form.NFD).codePointAt(0);
            if (first != cp) {
                from.add(cp);
                to.add(first);
            }
        }
        int[][] table = {from.toArray(), to.toArray()};
        nfdFirst = table;
        return table;
    }
}
