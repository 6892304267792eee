package dev.jollama.engine.grammar;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a range of code points into sequences of byte ranges whose concatenations are exactly the UTF-8 encodings
 * of the range (surrogates excluded). Each sequence is 1 to 4 inclusive [lo, hi] byte pairs, so a character class
 * becomes a handful of byte-level alternatives and tokens that end inside a character need no special handling.
 */
final class Utf8Sequences {
    private static final int[] MAX_FOR_LENGTH = {0x7F, 0x7FF, 0xFFFF, 0x10FFFF};

    private Utf8Sequences() {}

    /** Each element is a sequence: int[2 * n] of byte ranges lo0, hi0, lo1, hi1, ... */
    static List<int[]> of(int lo, int hi) {
        List<int[]> out = new ArrayList<>();
        if (lo <= 0xD7FF) split(lo, Math.min(hi, 0xD7FF), out);
        if (hi >= 0xE000) split(Math.max(lo, 0xE000), hi, out);
        return out;
    }

    private static void split(int lo, int hi, List<int[]> out) {
        if (lo > hi) return;
        for (int max : MAX_FOR_LENGTH) {
            if (lo <= max && hi > max) {
                split(lo, max, out);
                split(max + 1, hi, out);
                return;
            }
        }
        int n = length(lo);
        for (int i = 1; i < n; i++) {
            int mask = (1 << (6 * i)) - 1;
            if ((lo & ~mask) != (hi & ~mask)) {
                if ((lo & mask) != 0) {
                    split(lo, lo | mask, out);
                    split((lo | mask) + 1, hi, out);
                    return;
                }
                if ((hi & mask) != mask) {
                    split(lo, (hi & ~mask) - 1, out);
                    split(hi & ~mask, hi, out);
                    return;
                }
            }
        }
        byte[] a = encode(lo), b = encode(hi);
        int[] seq = new int[2 * n];
        for (int i = 0; i < n; i++) {
            seq[2 * i] = a[i] & 0xFF;
            seq[2 * i + 1] = b[i] & 0xFF;
        }
        out.add(seq);
    }

    private static int length(int cp) {
        return cp <= 0x7F ? 1 : cp <= 0x7FF ? 2 : cp <= 0xFFFF ? 3 : 4;
    }

    static byte[] encode(int cp) {
        return switch (length(cp)) {
            case 1 -> new byte[] {(byte) cp};
            case 2 -> new byte[] {(byte) (0xC0 | cp >> 6), (byte) (0x80 | cp & 0x3F)};
            case 3 -> new byte[] {(byte) (0xE0 | cp >> 12), (byte) (0x80 | cp >> 6 & 0x3F), (byte) (0x80 | cp & 0x3F)};
            default -> new byte[] {(byte) (0xF0 | cp >> 18), (byte) (0x80 | cp >> 12 & 0x3F),
                    (byte) (0x80 | cp >> 6 & 0x3F), (byte) (0x80 | cp & 0x3F)};
        };
    }
}
