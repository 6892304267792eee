package dev.jollama.engine.sampling;

import java.util.Arrays;

/**
 * The tokens still in the running while a sampler chain works, like llama.cpp's {@code llama_token_data_array}:
 * ids with their logits and (once a stage computes them) probabilities, possibly sorted by logit, descending.
 * Arrays are allocated once per vocabulary (the sorting scratch on first use) and reused for every token.
 */
public final class Candidates {
    final int[] ids;
    final float[] logits;
    final float[] probs;
    private long[] keys = new long[0];
    private int[] scratchIds = new int[0];
    private float[] scratchLogits = new float[0];
    private float[] scratchProbs = new float[0];
    int size;
    boolean sorted;
    /** Whether position i holds token i for every token of the vocabulary (as {@link #reset} leaves them). */
    private boolean idOrder;

    public Candidates(int vocabSize) {
        ids = new int[vocabSize];
        logits = new float[vocabSize];
        probs = new float[vocabSize];
    }

    /** All tokens of the vocabulary with these logits, unsorted. */
    public void reset(float[] source, int offset) {
        size = ids.length;
        for (int i = 0; i < size; i++) ids[i] = i;
        System.arraycopy(source, offset, logits, 0, size);
        sorted = false;
        idOrder = true;
    }

    public int size() {
        return size;
    }

    public int id(int i) {
        return ids[i];
    }

    public float logit(int i) {
        return logits[i];
    }

    public float prob(int i) {
        return probs[i];
    }

    /** True while every token is still there at its own id's position, so {@code logits[id]} is token id's logit. */
    boolean inIdOrder() {
        return idOrder;
    }

    /** Marks the order changed by a stage that moves candidates itself. */
    void reordered() {
        idOrder = false;
    }

    /**
     * Keeps only the {@code k} highest logits, sorted descending (ties: lower position first), as llama.cpp's
     * partial sort does; the rest is dropped. Below the whole vocabulary the k best are picked in one pass with a
     * bounded heap (a logit at or below the k-th best so far is rejected by one comparison), so top-k 40 over a
     * 128k vocabulary neither builds nor sorts 128k keys.
     */
    void sortTop(int k) {
        k = Math.min(k, size);
        int selected = k == size ? sortKeys() : selectKeys(k);
        ensureScratch(selected);
        for (int i = 0; i < selected; i++) {
            int j = (int) keys[i];
            scratchIds[i] = ids[j];
            scratchLogits[i] = logits[j];
        }
        System.arraycopy(scratchIds, 0, ids, 0, selected);
        System.arraycopy(scratchLogits, 0, logits, 0, selected);
        size = selected;
        sorted = true;
        idOrder = false;
    }

    /** All keys, sorted. */
    private int sortKeys() {
        ensureKeys(size);
        for (int i = 0; i < size; i++) keys[i] = sortKey(logits[i], i);
        Arrays.sort(keys, 0, size);
        return size;
    }

    /** The k smallest keys, sorted: a max-heap of the best k so far over one pass. */
    private int selectKeys(int k) {
        if (k <= 0) return 0;
        ensureKeys(k);
        long[] heap = keys;
        int n = 0;
        float worst = 0f;
        for (int i = 0; i < size; i++) {
            float l = logits[i];
            if (n == k) {
                // a logit not above the worst kept one has a larger key (lower logit, or equal and later): the
                // comparison is exact, NaN (whose key is the smallest) falls through to the key test
                if (l <= worst) continue;
                long key = sortKey(l, i);
                if (key >= heap[0]) continue;
                heap[0] = key;
                siftDown(heap, k);
                worst = logits[(int) heap[0]];
            } else {
                heap[n] = sortKey(l, i);
                siftUp(heap, n++);
                if (n == k) worst = logits[(int) heap[0]];
            }
        }
        Arrays.sort(heap, 0, k);
        return k;
    }

    private static void siftUp(long[] heap, int i) {
        long x = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] >= x) break;
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = x;
    }

    private static void siftDown(long[] heap, int n) {
        long x = heap[0];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) break;
            if (child + 1 < n && heap[child + 1] > heap[child]) child++;
            if (heap[child] <= x) break;
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = x;
    }

    /** Ascending key = descending logit, then ascending position; the low 32 bits hold the position. */
    private static long sortKey(float logit, int position) {
        int bits = Float.floatToIntBits(logit == 0f ? 0f : logit);
        int ordered = bits >= 0 ? bits : bits ^ 0x7FFFFFFF;
        return ((long) ~ordered << 32) | (position & 0xFFFFFFFFL);
    }

    private void ensureKeys(int n) {
        if (keys.length < n) keys = new long[Math.max(n, Math.min(ids.length, 2 * keys.length))];
    }

    private void ensureScratch(int n) {
        if (scratchIds.length < n) {
            int len = Math.max(n, Math.min(ids.length, 2 * scratchIds.length));
            scratchIds = new int[len];
            scratchLogits = new float[len];
            scratchProbs = new float[len];
        }
    }

    /** Fills probabilities with the softmax of the current logits (llama.cpp's float arithmetic). */
    void softmax() {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) max = Math.max(max, logits[i]);
        float sum = 0f;
        for (int i = 0; i < size; i++) {
            probs[i] = (float) Math.exp(logits[i] - max);
            sum += probs[i];
        }
        for (int i = 0; i < size; i++) probs[i] /= sum;
    }

    /** Sorts all remaining candidates by logit, descending. */
    void sortAll() {
        if (!sorted) sortTop(size);
    }

    /** Keeps the candidates at the given positions, in that order. */
    void keep(int[] positions, int count) {
        ensureScratch(count);
        for (int i = 0; i < count; i++) {
            scratchIds[i] = ids[positions[i]];
            scratchLogits[i] = logits[positions[i]];
            scratchProbs[i] = probs[positions[i]];
        }
        System.arraycopy(scratchIds, 0, ids, 0, count);
        System.arraycopy(scratchLogits, 0, logits, 0, count);
        System.arraycopy(scratchProbs, 0, probs, 0, count);
        size = count;
        idOrder = false;
    }
}
