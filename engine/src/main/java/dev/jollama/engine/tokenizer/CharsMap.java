package dev.jollama.engine.tokenizer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * SentencePiece's precompiled normalization map ({@code tokenizer.ggml.precompiled_charsmap}): a double-array trie
 * (XOR-compressed, Kanda 2018) over UTF-8 byte strings whose leaves point to NUL-terminated replacement strings.
 * Layout: a 4-byte little-endian size of the trie, the trie's 32-bit nodes, then the replacement strings.
 */
final class CharsMap {
    private final int[] nodes;
    private final byte[] replacements;

    /** A match: {@code length} input bytes are replaced by {@code replacement}. */
    record Match(int length, byte[] replacement) {}

    CharsMap(byte[] blob) {
        if (blob.length < 4) throw new IllegalArgumentException("precompiled_charsmap is too small for its header");
        ByteBuffer buf = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        long trieBytes = Integer.toUnsignedLong(buf.getInt(0));
        if (trieBytes + 4 >= blob.length) throw new IllegalArgumentException("precompiled_charsmap: trie size " + trieBytes + " exceeds the data");
        nodes = new int[(int) (trieBytes / 4)];
        for (int i = 0; i < nodes.length; i++) nodes[i] = buf.getInt(4 + 4 * i);
        replacements = java.util.Arrays.copyOfRange(blob, 4 + (int) trieBytes, blob.length);
    }

    /** The longest key that prefixes {@code input[from, ...)} and its replacement, or null. */
    Match longestMatch(byte[] input, int from) {
        int length = 0, value = -1;
        int node = base(0);
        for (int i = from; i < input.length; i++) {
            int c = input[i] & 0xFF;
            if (c == 0) break;
            node ^= c;
            if (lcheck(node) != c) break;
            boolean leaf = leaf(node);
            node ^= base(node);
            if (leaf) {
                length = i - from + 1;
                value = value(node);
            }
        }
        if (length == 0) return null;
        if (value >= replacements.length) throw new IllegalArgumentException("precompiled_charsmap: replacement index out of range");
        int end = value;
        while (end < replacements.length && replacements[end] != 0) end++;
        if (end == replacements.length) throw new IllegalArgumentException("precompiled_charsmap: unterminated replacement");
        return new Match(length, java.util.Arrays.copyOfRange(replacements, value, end));
    }

    private int node(int i) {
        if (i < 0 || i >= nodes.length) throw new IllegalArgumentException("precompiled_charsmap: trie index out of range");
        return nodes[i];
    }

    private int base(int i) {
        int n = node(i);
        return (n >>> 10) << ((n & (1 << 9)) >>> 6);
    }

    private int lcheck(int i) {
        return node(i) & (1 << 31 | 0xFF);
    }

    private boolean leaf(int i) {
        return (node(i) >>> 8 & 1) != 0;
    }

    private int value(int i) {
        return node(i) & 0x7FFFFFFF;
    }
}
