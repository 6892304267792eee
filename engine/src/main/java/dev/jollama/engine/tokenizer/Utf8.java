package dev.jollama.engine.tokenizer;

import java.io.ByteArrayOutputStream;

/** UTF-8 as llama.cpp handles it: lenient decoding (a bad byte becomes U+FFFD), lone surrogates encoded as U+FFFD. */
public final class Utf8 {
    private Utf8() {}

    /** UTF-8 bytes of {@code s}; an unpaired surrogate becomes U+FFFD (as JavaScript and JSON decoders do). */
    public static byte[] encode(CharSequence s) {
        int[] cps = codePoints(s, 0, s.length());
        return encode(cps, 0, cps.length);
    }

    /** Code points of {@code s[from, to)}, with unpaired surrogates as U+FFFD. */
    public static int[] codePoints(CharSequence s, int from, int to) {
        int[] out = new int[to - from];
        int n = 0;
        for (int i = from; i < to; ) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                out[n++] = Character.toCodePoint(c, s.charAt(i + 1));
                i += 2;
            } else {
                out[n++] = Character.isSurrogate(c) ? Unicode.REPLACEMENT : c;
                i++;
            }
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** Replaces unpaired surrogates by U+FFFD; returns {@code s} itself when it has none. */
    public static String wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isSurrogate(c)) continue;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            int[] cps = codePoints(s, 0, s.length());
            return new String(cps, 0, cps.length);
        }
        return s;
    }

    /** Length of the sequence a lead byte announces, by its high nibble, as llama.cpp reads it (1 for stray bytes). */
    public static int sequenceLength(byte lead) {
        int high = (lead & 0xFF) >>> 4;
        return high < 0xC ? 1 : high < 0xE ? 2 : high == 0xE ? 3 : 4;
    }

    public static void append(ByteArrayOutputStream out, int cp) {
        if (cp < 0x80) {
            out.write(cp);
        } else if (cp < 0x800) {
            out.write(0xC0 | cp >> 6);
            out.write(0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            out.write(0xE0 | cp >> 12);
            out.write(0x80 | cp >> 6 & 0x3F);
            out.write(0x80 | cp & 0x3F);
        } else {
            out.write(0xF0 | cp >> 18);
            out.write(0x80 | cp >> 12 & 0x3F);
            out.write(0x80 | cp >> 6 & 0x3F);
            out.write(0x80 | cp & 0x3F);
        }
    }

    /** Number of UTF-8 bytes of a code point. */
    public static int length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    /** Writes the UTF-8 bytes of {@code cp} at {@code pos}; returns the position after them. */
    public static int put(byte[] dst, int pos, int cp) {
        if (cp < 0x80) {
            dst[pos++] = (byte) cp;
        } else if (cp < 0x800) {
            dst[pos++] = (byte) (0xC0 | cp >> 6);
            dst[pos++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            dst[pos++] = (byte) (0xE0 | cp >> 12);
            dst[pos++] = (byte) (0x80 | cp >> 6 & 0x3F);
            dst[pos++] = (byte) (0x80 | cp & 0x3F);
        } else {
            dst[pos++] = (byte) (0xF0 | cp >> 18);
            dst[pos++] = (byte) (0x80 | cp >> 12 & 0x3F);
            dst[pos++] = (byte) (0x80 | cp >> 6 & 0x3F);
            dst[pos++] = (byte) (0x80 | cp & 0x3F);
        }
        return pos;
    }

    /** UTF-8 bytes of code points {@code cps[from, to)}. */
    public static byte[] encode(int[] cps, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) n += length(cps[i]);
        byte[] out = new byte[n];
        int pos = 0;
        for (int i = from; i < to; i++) pos = put(out, pos, cps[i]);
        return out;
    }
}
