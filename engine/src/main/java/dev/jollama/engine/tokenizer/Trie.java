package dev.jollama.engine.tokenizer;

/**
 * A trie over strings of 16-bit symbols (bytes or UTF-16 chars) with an int value per key, walked one symbol at a time
 * from the root, node 0.
 */
public final class Trie {
    private final LongIntMap children = new LongIntMap(1024);
    private final IntList values = new IntList(1024);

    public Trie() {
        values.add(-1);
    }

    /** Adds the bytes of {@code key} with {@code value} (non-negative), replacing an earlier value. */
    public void put(byte[] key, int value) {
        int node = 0;
        for (byte b : key) node = childOrNew(node, b & 0xFF);
        values.set(node, value);
    }

    /** Adds the chars of {@code key} with {@code value} (non-negative), replacing an earlier value. */
    public void put(CharSequence key, int value) {
        int node = 0;
        for (int i = 0; i < key.length(); i++) node = childOrNew(node, key.charAt(i));
        values.set(node, value);
    }

    /** The node reached from {@code node} by {@code symbol} (a byte as 0-255, or a char), or -1. */
    public int child(int node, int symbol) {
        return children.get(edge(node, symbol));
    }

    /** The value stored at {@code node}, or -1 when no key ends there. */
    public int value(int node) {
        return values.get(node);
    }

    /**
     * Length of the longest prefix of {@code buf[from, to)} that is a path in the trie, whether or not a key ends there
     * (llama.cpp's naive_trie::get_longest_prefix, which the Unigram normalizer relies on).
     */
    public int longestPath(byte[] buf, int from, int to) {
        int node = 0, i = from;
        while (i < to && (node = child(node, buf[i] & 0xFF)) >= 0) i++;
        return i - from;
    }

    private int childOrNew(int node, int symbol) {
        int next = children.putIfAbsent(edge(node, symbol), values.size());
        if (next == values.size()) values.add(-1);
        return next;
    }

    private static long edge(int node, int symbol) {
        return (long) node << 16 | (symbol & 0xFFFF);
    }
}
