package dev.jollama.engine.tokenizer;

import java.util.Arrays;

/** The symbols of a word being merged: byte ranges in a doubly linked list, reused across words. */
final class SymbolChain {
    int[] start = new int[64];
    int[] length = new int[64];
    int[] prev = new int[64];
    int[] next = new int[64];
    /** Per-symbol int the algorithm may use (the BPE symbol id). */
    int[] id = new int[64];
    int count;

    void clear() {
        count = 0;
    }

    /** Appends a symbol covering {@code bytes[from, from + len)} and links it after the previous one. */
    void add(int from, int len, int symbolId) {
        if (count == start.length) grow();
        int i = count++;
        start[i] = from;
        length[i] = len;
        prev[i] = i - 1;
        next[i] = -1;
        id[i] = symbolId;
        if (i > 0) next[i - 1] = i;
    }

    /** Merges symbol {@code r} into its left neighbour {@code l}. */
    void merge(int l, int r) {
        length[l] += length[r];
        length[r] = 0;
        next[l] = next[r];
        if (next[r] >= 0) prev[next[r]] = l;
    }

    /** Splits {@code bytes[from, to)} into one symbol per UTF-8 character (by lead byte, cut at the end). */
    void addCharacters(byte[] bytes, int from, int to) {
        for (int i = from; i < to; ) {
            int len = Math.min(Utf8.sequenceLength(bytes[i]), to - i);
            add(i, len, -1);
            i += len;
        }
    }

    private void grow() {
        int cap = start.length * 2;
        start = Arrays.copyOf(start, cap);
        length = Arrays.copyOf(length, cap);
        prev = Arrays.copyOf(prev, cap);
        next = Arrays.copyOf(next, cap);
        id = Arrays.copyOf(id, cap);
    }
}
