package dev.jollama.engine.tokenizer;

import java.util.Arrays;

/**
 * The work queue of BPE merging: candidate merges of two adjacent symbols, best first (lowest priority value, then
 * leftmost), kept in primitive arrays so merging allocates nothing per pair.
 */
final class BigramQueue {
    private long[] priority = new long[64];
    private int[] left = new int[64];
    private int[] right = new int[64];
    private int[] size = new int[64];
    private int n;

    long topPriority;
    int topLeft, topRight, topSize;

    void clear() {
        n = 0;
    }

    boolean isEmpty() {
        return n == 0;
    }

    void push(long p, int l, int r, int s) {
        if (n == priority.length) grow();
        int i = n++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(p, l, priority[parent], left[parent])) break;
            move(parent, i);
            i = parent;
        }
        set(i, p, l, r, s);
    }

    /** Removes the best entry into the top* fields. */
    void pop() {
        topPriority = priority[0];
        topLeft = left[0];
        topRight = right[0];
        topSize = size[0];
        int last = --n;
        if (last == 0) return;
        long p = priority[last];
        int l = left[last], r = right[last], s = size[last];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= last) break;
            if (child + 1 < last && before(priority[child + 1], left[child + 1], priority[child], left[child])) child++;
            if (!before(priority[child], left[child], p, l)) break;
            move(child, i);
            i = child;
        }
        set(i, p, l, r, s);
    }

    private static boolean before(long p1, int l1, long p2, int l2) {
        return p1 < p2 || (p1 == p2 && l1 < l2);
    }

    private void move(int from, int to) {
        set(to, priority[from], left[from], right[from], size[from]);
    }

    private void set(int i, long p, int l, int r, int s) {
        priority[i] = p;
        left[i] = l;
        right[i] = r;
        size[i] = s;
    }

    private void grow() {
        int cap = priority.length * 2;
        priority = Arrays.copyOf(priority, cap);
        left = Arrays.copyOf(left, cap);
        right = Arrays.copyOf(right, cap);
        size = Arrays.copyOf(size, cap);
    }

    /** A priority for scores where higher is better: monotonically decreasing in the score. */
    static long higherFirst(float score) {
        int bits = Float.floatToIntBits(score + 0.0f); // +0.0f folds -0.0 into 0.0, as a float comparison does
        int sortable = bits < 0 ? bits ^ 0x7FFFFFFF : bits;
        return -(long) sortable;
    }
}
