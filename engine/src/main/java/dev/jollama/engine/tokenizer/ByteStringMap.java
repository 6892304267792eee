package dev.jollama.engine.tokenizer;

import java.util.Arrays;

/**
 * A hash map from byte strings to ints (open addressing) that looks keys up by slice, so tokenizers can ask "which token
 * is bytes[from, to)?" without allocating.
 */
public final class ByteStringMap {
    private byte[][] keys;
    private int[] values;
    private int size;

    public ByteStringMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new byte[cap][];
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
        int mask = keys.length - 1;
        for (int i = hash(buf, from, to) & mask; ; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) return -1;
            if (Arrays.equals(k, 0, k.length, buf, from, to)) return values[i];
        }
    }

    /** Sets the value of {@code key}, replacing any earlier one. */
    public void put(byte[] key, int value) {
        int slot = slot(key);
        if (keys[slot] == null) {
            keys[slot] = key;
            size++;
        }
        values[slot] = value;
        if (size * 2 > keys.length) grow();
    }

    /** The value already stored for {@code key}, else stores {@code value} and returns it. */
    public int putIfAbsent(byte[] key, int value) {
        int slot = slot(key);
        if (keys[slot] != null) return values[slot];
        keys[slot] = key;
        values[slot] = value;
        size++;
        if (size * 2 > keys.length) grow();
        return value;
    }

    private int slot(byte[] key) {
        int mask = keys.length - 1;
        int i = hash(key, 0, key.length) & mask;
        while (keys[i] != null && !Arrays.equals(keys[i], key)) i = (i + 1) & mask;
        return i;
    }

    private void grow() {
        byte[][] oldKeys = keys;
        int[] oldValues = values;
        keys = new byte[oldKeys.length * 2][];
        values = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int slot = slot(oldKeys[i]);
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 0x9E3779B9;
        for (int i = from; i < to; i++) h = (h ^ b[i]) * 0x01000193;
        return h ^ (h >>> 15);
    }
}
