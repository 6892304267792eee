package dev.jollama.engine.tensor;

/**
 * The input vectors of a matrix product, rounded once the way llama.cpp rounds them for the weight type
 * ({@link InputRounding}) and, for batches, also laid out token-minor for the tiled kernel. One instance is filled
 * by one thread and then read by all the workers of that product. Reusable: buffers grow and are kept.
 */
public final class PreparedInput {
    float[] rows = new float[0];
    /** cols x paddedTokens, token-minor (element (t, c) at c * paddedTokens + t), zero past n; batches only. */
    float[] transposed = new float[0];
    int n;
    int cols;
    int paddedTokens;
    InputRounding rounding;

    /** Rounds {@code n} input rows of {@code w.cols()} floats for multiplying with {@code w}. */
    public PreparedInput prepare(WeightTensor w, float[] in, int n) {
        return prepare(w, in, n, null);
    }

    /**
     * The same, with the rounding (by token rows) and the transposition for batches (by column blocks) split over
     * {@code workers} when there are enough tokens to pay for a dispatch; {@code workers} may be null.
     */
    public PreparedInput prepare(WeightTensor w, float[] in, int n, Workers workers) {
        int cols = w.cols();
        if (n < 1 || (long) n * cols > in.length) {
            throw new IllegalArgumentException(n + " inputs of " + cols + " do not fit in an array of " + in.length);
        }
        this.n = n;
        this.cols = cols;
        this.rounding = w.inputRounding();
        int size = n * cols;
        if (rows.length < size) rows = new float[size];
        boolean batch = n >= TiledMatmul.MIN_TOKENS;
        paddedTokens = batch ? TiledMatmul.padTokens(n) : 0;
        if (batch && transposed.length < cols * paddedTokens) transposed = new float[cols * paddedTokens];
        if (workers == null || !batch) {
            rounding.round(in, 0, rows, 0, size);
            if (batch) transpose(0, cols);
        } else {
            InputRounding r = rounding;
            workers.forRange(n, 1, (lo, hi) -> r.round(in, lo * cols, rows, lo * cols, (hi - lo) * cols));
            workers.forRange(cols, BLOCK, this::transpose);
        }
        return this;
    }

    /** Columns per block of the transposition: a block reads one cache line per token row. */
    private static final int BLOCK = 16;

    /** transposed[c * paddedTokens + t] = rows[t * cols + c] for columns [from, to), zero past n. */
    private void transpose(int from, int to) {
        float[] t = transposed, r = rows;
        int p = paddedTokens, cols = this.cols, n = this.n;
        for (int c0 = from; c0 < to; c0 += BLOCK) {
            int c1 = Math.min(to, c0 + BLOCK);
            for (int tok = 0; tok < n; tok++) {
                int src = tok * cols;
                for (int c = c0; c < c1; c++) t[c * p + tok] = r[src + c];
            }
            for (int c = c0; c < c1; c++) java.util.Arrays.fill(t, c * p + n, (c + 1) * p, 0f);
        }
    }

    public int tokens() {
        return n;
    }

    void check(WeightTensor w) {
        if (cols != w.cols() || rounding != w.inputRounding()) {
            throw new IllegalArgumentException("input prepared for " + rounding + " x " + cols + ", not for " + w.type() + " x " + w.cols());
        }
    }
}
