package dev.jollama.engine.sampling;

import java.util.Arrays;

/**
 * The tokens still in the running while a sampler chain works, like llama.cpp's {@code llama_token_data_array}:
 * ids with their logits and (once a stage computes them) probabilities, possibly sorted by logit, descending.
 * Arrays are allocated once per vocabulary and reused for every token.
 */
public final class Candidates {
    final int[] ids;
    final float[] logits;
    final float[] probs;
    private final long[] keys;
    private final int[] scratchIds;
    private final float[] scratchLogits;
    private final float[] scratchProbs;
    int size;
    boolean sorted;

    public Candidates(int vocabSize) {
        ids = new int[vocabSize];
        logits = new float[vocabSize];
        probs = new float[vocabSize];
        keys = new long[vocabSize];
        scratchIds = new int[vocabSize];
        scratchLogits = new float[vocabSize];
        scratchProbs = new float[vocabSize];
    }

    /** All tokens of the vocabulary with these logits, unsorted. */
    public void reset(float[] source, int offset) {
        size = ids.length;
        for (int i = 0; i < size; i++) {
            ids[i] = i;
            logits[i] = source[offset + i];
        }
        sorted = false;
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

    /**
     * Keeps only the {@code k} highest logits, sorted descending (ties: lower id first), as llama.cpp's
     * partial sort does; the rest is dropped.
     */
    void sortTop(int k) {
        k = Math.min(k, size);
        for (int i = 0; i < size; i++) keys[i] = sortKey(logits[i], i);
        if (k == size) {
            Arrays.sort(keys, 0, size);
        } else {
            selectSmallest(keys, size, k);
            Arrays.sort(keys, 0, k);
        }
        System.arraycopy(ids, 0, scratchIds, 0, size);
        System.arraycopy(logits, 0, scratchLogits, 0, size);
        for (int i = 0; i < k; i++) {
            int j = (int) keys[i];
            ids[i] = scratchIds[j];
            logits[i] = scratchLogits[j];
        }
        size = k;
        sorted = true;
    }

    /** Ascending key = descending logit, then ascending position; the low 32 bits hold the position. */
    private static long sortKey(float logit, int position) {
        int bits = Float.floatToIntBits(logit == 0f ? 0f : logit);
        int ordered = bits >= 0 ? bits : bits ^ 0x7FFFFFFF;
        return ((long) ~ordered << 32) | (position & 0xFFFFFFFFL);
    }

    /** Moves the k smallest keys to the front (unordered), by quickselect. */
    private static void selectSmallest(long[] a, int n, int k) {
        int lo = 0, hi = n - 1;
        while (lo < hi) {
            long pivot = a[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    long t = a[i]; a[i] = a[j]; a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k - 1 <= j) hi = j;
            else if (k - 1 >= i) lo = i;
            else return;
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
        System.arraycopy(ids, 0, scratchIds, 0, size);
        System.arraycopy(logits, 0, scratchLogits, 0, size);
        System.arraycopy(probs, 0, scratchProbs, 0, size);
        for (int i = 0; i < count; i++) {
            ids[i] = scratchIds[positions[i]];
            logits[i] = scratchLogits[positions[i]];
            probs[i] = scratchProbs[positions[i]];
        }
        size = count;
    }
}
