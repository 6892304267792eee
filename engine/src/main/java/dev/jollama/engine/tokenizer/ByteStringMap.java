package dev.jollama.engine.tokenizer;

import java.util.Arrays;

/**
 * A hash map from byte strings to ints (open addressing, hashes kept beside the keys) that looks keys up by slice, so
 * tokenizers can ask "which token is bytes[from, to)?" without allocating.
 */
public final class ByteStringMap {
    private byte[][] keys;
    private int[] hashes;
    private int[] values;
    private int size;

    public ByteStringMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new byte[cap][];
        hashes = new int[cap];
        values = new int[cap];
    }

    public int size() {
        return size;
    }

    /** The value of {@code key}, or -1. */
    public int get(byte[] key) {
        return get(key, 0, key.length);
    }

    /** The value of the key equal to {@code buf[from, to)}, or -1. */
    public int get(byte[] buf, int from, int to) {
        int h = hash(buf, from, to);
        int mask = keys.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) return -1;
            if (hashes[i] == h && Arrays.equals(k, 0, k.length, buf, from, to)) return values[i];
        }
    }

    /** Sets the value of {@code key}, replacing any earlier one. */
    public void put(byte[] key, int value) {
        int h = hash(key, 0, key.length);
        int slot = slot(key, h);
        if (keys[slot] == null) {
            keys[slot] = key;
            hashes[slot] = h;
            size++;
        }
        values[slot] = value;
        if (size * 2 > keys.length) grow();
    }

    /** The value already stored for {@code key}, else stores {@code value} and returns it. */
    public int putIfAbsent(byte[] key, int value) {
        int h = hash(key, 0, key.length);
        int slot = slot(key, h);
        if (keys[slot] != null) return values[slot];
        keys[slot] = key;
        hashes[slot] = h;
        values[slot] = value;
        size++;
        if (size * 2 > keys.length) grow();
        return value;
    }

    private int slot(byte[] key, int h) {
        int mask = keys.length - 1;
        int i = h & mask;
        while (keys[i] != null && (hashes[i] != h || !Arrays.equals(keys[i], key))) i = (i + 1) & mask;
        return i;
    }

    private void grow() {
        byte[][] oldKeys = keys;
        int[] oldHashes = hashes, oldValues = values;
        keys = new byte[oldKeys.length * 2][];
        hashes = new int[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] == null) continue;
            int i = oldHashes[j] & mask;
            while (keys[i] != null) i = (i + 1) & mask;
            keys[i] = oldKeys[j];
            hashes[i] = oldHashes[j];
            values[i] = oldValues[j];
        }
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 1;
        for (int i = from; i < to; i++) h = 31 * h + b[i];
        h ^= h >>> 16; // murmur3's finalizer: spreads every input bit over the low bits the table uses
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }
}
