package dev.jollama.engine.tokenizer;

import java.util.Arrays;

/** A growable list of primitive ints, so hot tokenizer loops never box. */
public final class IntList {
    private int[] data;
    private int size;

    public IntList() {
        this(16);
    }

    public IntList(int capacity) {
        data = new int[Math.max(capacity, 4)];
    }

    public void add(int v) {
        if (size == data.length) data = Arrays.copyOf(data, data.length * 2);
        data[size++] = v;
    }

    public int get(int i) {
        if (i >= size) throw new IndexOutOfBoundsException(i + " >= " + size);
        return data[i];
    }

    public void set(int i, int v) {
        if (i >= size) throw new IndexOutOfBoundsException(i + " >= " + size);
        data[i] = v;
    }

    public int size() {
        return size;
    }

    /** Drops elements from the end so that {@code newSize} remain. */
    public void truncate(int newSize) {
        if (newSize < 0 || newSize > size) throw new IndexOutOfBoundsException(newSize);
        size = newSize;
    }

    public int[] toArray() {
        return Arrays.copyOf(data, size);
    }
}
