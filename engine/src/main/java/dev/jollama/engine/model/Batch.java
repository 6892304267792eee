package dev.jollama.engine.model;

import java.util.Arrays;

/**
 * Tokens to evaluate in one forward pass. Entries may belong to different sequences (each with its own
 * {@link KvCache}): a batch can hold one sequence's prompt chunk, or the next token of many sequences, or both, which
 * is what continuous batching needs. Each entry appends one token at its sequence's next position; entries that ask
 * for logits get one row of {@link #logits()} each, in the order they were added.
 */
public final class Batch {
    private final int capacity;
    private int size;
    private final int[] tokens;
    private final int[] positions;
    private final KvCache[] caches;
    private final int[] outputRow;
    private int outputs;
    private float[] hidden = new float[0];
    private float[] logits = new float[0];
    private boolean hiddenOnly;

    public Batch(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("batch capacity must be positive");
        this.capacity = capacity;
        tokens = new int[capacity];
        positions = new int[capacity];
        caches = new KvCache[capacity];
        outputRow = new int[capacity];
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return size;
    }

    public boolean isFull() {
        return size == capacity;
    }

    /** Logit rows the last forward pass produced. */
    public int outputs() {
        return outputs;
    }

    /**
     * Appends {@code token} to the sequence of {@code cache} at its next position (reserving it in the cache).
     *
     * @return the logits row this entry will get, or -1 when {@code wantLogits} is false
     */
    public int add(KvCache cache, int token, boolean wantLogits) {
        if (size == capacity) throw new IllegalStateException("batch is full (" + capacity + " tokens)");
        int pos = cache.length();
        cache.reserve(pos + 1);
        tokens[size] = token;
        positions[size] = pos;
        caches[size] = cache;
        outputRow[size] = wantLogits ? outputs++ : -1;
        return outputRow[size++];
    }

    /**
     * Appends the entries of {@code other}, whose positions {@code other.add} already reserved, so that one forward
     * pass serves several batches (continuous batching). Returns the logits row here of other's first output row.
     */
    public int append(Batch other) {
        if (size + other.size > capacity) throw new IllegalStateException("batch is full (" + capacity + " tokens)");
        int first = outputs;
        for (int i = 0; i < other.size; i++) {
            tokens[size] = other.tokens[i];
            positions[size] = other.positions[i];
            caches[size] = other.caches[i];
            outputRow[size++] = other.outputRow[i] >= 0 ? outputs++ : -1;
        }
        return first;
    }

    /** After the forward pass of a batch that {@link #append appended} {@code other} at {@code firstRow}: gives other its logits. */
    public void copyLogitsTo(Batch other, int firstRow, int vocab) {
        System.arraycopy(logits, firstRow * vocab, other.logitsBuffer(vocab), 0, other.outputs * vocab);
    }

    /**
     * Whether the forward pass stops at the final normalised hidden states of the output entries (what embedding
     * models pool) instead of computing logits.
     */
    public void hiddenOnly(boolean on) {
        hiddenOnly = on;
    }

    boolean isHiddenOnly() {
        return hiddenOnly;
    }

    /** Empties the batch (the caches keep what was evaluated). */
    public void clear() {
        Arrays.fill(caches, 0, size, null);
        size = 0;
        outputs = 0;
    }

    /** After a failed forward pass: releases the positions this batch reserved, then empties it. */
    public void rollback() {
        for (int i = size - 1; i >= 0; i--) {
            if (caches[i].length() > positions[i]) caches[i].truncate(positions[i]);
        }
        clear();
    }

    /** All logits, row after row of vocabulary size; valid after the forward pass until the next one. */
    public float[] logits() {
        return logits;
    }

    int token(int i) {
        return tokens[i];
    }

    int position(int i) {
        return positions[i];
    }

    KvCache cache(int i) {
        return caches[i];
    }

    int outputRow(int i) {
        return outputRow[i];
    }

    float[] hidden(int dim) {
        if (hidden.length < outputs * dim) hidden = new float[outputs * dim];
        return hidden;
    }

    float[] logitsBuffer(int vocab) {
        if (logits.length < outputs * vocab) logits = new float[outputs * vocab];
        return logits;
    }
}
