package dev.jollama.engine.tensor;

/**
 * The input vectors of a matrix product, rounded once the way llama.cpp rounds them for the weight type
 * ({@link InputRounding}): for batches as floats laid out token-minor for the tiled kernel, for decode (fewer than
 * {@link TiledMatmul#MIN_TOKENS} tokens) quantized to int8 in the layout of each type's kernel ({@link Q8Input}), as
 * fp16/bf16 bits for long F16/BF16 rows ({@link WeightTensor#halfInput()}), or as floats for the types that multiply
 * in float. One instance is filled by one thread and then read by all the workers of that product; it can serve several matrices of different types at once (q, k, v of a Q4_K_M file are
 * Q4_K and Q6_K). Reusable: buffers grow and are kept.
 */
public final class PreparedInput {
    float[] rows = new float[0];
    /** cols x paddedTokens, token-minor (element (t, c) at c * paddedTokens + t), zero past n; batches only. */
    float[] transposed = new float[0];
    /** {@link #transposed} with each whole group's columns in {@link #columnOrder} (batches of such layouts only). */
    private float[] reordered = new float[0];
    /** Null, or the order of {@link #reordered}: stored column i of a group is its natural column columnOrder[i]. */
    private int[] columnOrder;
    int n;
    int cols;
    int paddedTokens;
    InputRounding rounding;
    /** Whether {@link #rows} holds this product's rounded inputs (batches, and decode of float-input types). */
    private boolean hasRows;
    /** Decode inputs of F16 (BF16) weights as fp16 (bf16) bits, n x cols (see {@link WeightTensor#halfInput()}). */
    short[] halves = new short[0];
    /** Whether {@link #halves} holds this product's inputs: decode, and none of them rounds to an fp16 infinity or NaN. */
    private boolean hasHalves;
    /** The int8 layouts prepared for decode, the first {@link #layouts} of them valid. */
    private Q8Input.Packed[] packed = new Q8Input.Packed[0];
    private int layouts;

    /** Rounds {@code n} input rows of {@code w.cols()} floats for multiplying with {@code w}. */
    public PreparedInput prepare(WeightTensor w, float[] in, int n) {
        return prepare(w, in, n, null);
    }

    /**
     * The same, with the rounding (by token rows) and the transposition for batches (by column blocks) split over
     * {@code workers} when there are enough tokens to pay for a dispatch; {@code workers} may be null.
     */
    public PreparedInput prepare(WeightTensor w, float[] in, int n, Workers workers) {
        return prepare(new WeightTensor[] {w}, in, n, workers);
    }

    /**
     * Prepares one input for several matrices with the same columns and {@link WeightTensor#inputRounding()}, each of
     * which can then be multiplied with it ({@link WeightTensor#matmul(PreparedInput, float[], int, int, int)}).
     */
    public PreparedInput prepare(WeightTensor[] ws, float[] in, int n, Workers workers) {
        WeightTensor w = ws[0];
        int cols = w.cols();
        if (n < 1 || (long) n * cols > in.length) {
            throw new IllegalArgumentException(n + " inputs of " + cols + " do not fit in an array of " + in.length);
        }
        for (WeightTensor other : ws) {
            if (other.cols() != cols || other.inputRounding() != w.inputRounding()) {
                throw new IllegalArgumentException("one input for " + w.type() + " x " + cols + " and " + other.type() + " x " + other.cols());
            }
        }
        this.n = n;
        this.cols = cols;
        this.rounding = w.inputRounding();
        int size = n * cols;
        boolean batch = n >= TiledMatmul.MIN_TOKENS;
        layouts = 0;
        hasRows = batch;
        hasHalves = false;
        paddedTokens = batch ? TiledMatmul.padTokens(n) : 0;
        columnOrder = null;
        if (batch) {
            for (WeightTensor m : ws) {
                int[] order = m.tileColumnOrder();
                if (order == null) continue;
                if (columnOrder != null && columnOrder != order) throw new IllegalArgumentException("one input for two tile column orders");
                columnOrder = order;
            }
        }
        if (!batch) {
            boolean halvesTried = false;
            for (WeightTensor m : ws) {
                Q8Input layout = m.q8Input();
                if (layout != null) {
                    if (packed(layout) == null) pack(layout, in, n, cols);
                } else if (m.halfInput()) {
                    if (!halvesTried) hasHalves = packHalves(in, size);
                    halvesTried = true;
                    hasRows |= !hasHalves;
                } else {
                    hasRows = true;
                }
            }
            if (!hasRows) return this;
        }
        if (rows.length < size) rows = new float[size];
        if (batch && transposed.length < cols * paddedTokens) transposed = new float[cols * paddedTokens];
        if (columnOrder != null && reordered.length < cols * paddedTokens) reordered = new float[cols * paddedTokens];
        if (workers == null || !batch) {
            rounding.round(in, 0, rows, 0, size);
            if (batch) transposeAll(0, cols);
        } else {
            InputRounding r = rounding;
            workers.forRange(n, 1, (lo, hi) -> r.round(in, lo * cols, rows, lo * cols, (hi - lo) * cols));
            workers.forRange(cols, BLOCK, this::transposeAll);
        }
        return this;
    }

    private void pack(Q8Input layout, float[] in, int n, int cols) {
        if (layouts == packed.length) {
            packed = java.util.Arrays.copyOf(packed, layouts + 1);
            packed[layouts] = new Q8Input.Packed();
        }
        Q8Input.Packed p = packed[layouts++];
        p.reserve(layout, n * cols);
        layout.packRows(in, n, cols, p);
    }

    /**
     * Rounds in[0 .. size) to 16-bit values into {@link #halves}; false when one of them is an fp16 infinity or NaN,
     * which the half-input kernels do not convert (the float inputs are prepared instead).
     */
    private boolean packHalves(float[] in, int size) {
        if (halves.length < size) halves = new short[size];
        short[] h = halves;
        InputRounding r = rounding;
        boolean needsFloat = false;
        for (int i = 0; i < size; i++) {
            h[i] = r.toHalf(in[i]);
            needsFloat |= r.halfNeedsFloat(h[i]);
        }
        return !needsFloat;
    }

    /** Whether the 16-bit inputs of {@link #halves} were prepared (decode of long F16/BF16 rows). */
    boolean hasHalves() {
        return hasHalves;
    }

    /** The int8 inputs in {@code layout}, or null when they were not prepared. */
    Q8Input.Packed packed(Q8Input layout) {
        for (int i = 0; i < layouts; i++) if (packed[i].layout == layout) return packed[i];
        return null;
    }

    /** Columns per block of the transposition: a block reads one cache line per token row. */
    private static final int BLOCK = 16;

    private void transposeAll(int from, int to) {
        transpose(from, to, transposed, null);
        if (columnOrder != null) transpose(from, to, reordered, columnOrder);
    }

    /**
     * t[c * paddedTokens + tok] = rows[tok * cols + c'] for columns [from, to), zero past n: c' = c, or with an order
     * the natural column that stored column c of its group holds (columns past the last whole group: c).
     */
    private void transpose(int from, int to, float[] t, int[] order) {
        float[] r = rows;
        int g = order == null ? 1 : order.length, grouped = cols / g * g;
        int p = paddedTokens, cols = this.cols, n = this.n;
        for (int c0 = from; c0 < to; c0 += BLOCK) {
            int c1 = Math.min(to, c0 + BLOCK);
            for (int tok = 0; tok < n; tok++) {
                int src = tok * cols;
                if (order == null || c0 >= grouped) {
                    for (int c = c0; c < c1; c++) t[c * p + tok] = r[src + c];
                } else {
                    for (int c = c0; c < c1; c++) t[c * p + tok] = r[src + c - c % g + order[c % g]];
                }
            }
            for (int c = c0; c < c1; c++) java.util.Arrays.fill(t, c * p + n, (c + 1) * p, 0f);
        }
    }

    /** {@link #transposed} with each whole group's columns in {@code order}, as prepared for a tensor that asked for it. */
    float[] inColumnOrder(int[] order) {
        if (order != columnOrder) throw new IllegalArgumentException("input not prepared in this tile column order");
        return reordered;
    }

    public int tokens() {
        return n;
    }

    void check(WeightTensor w) {
        if (cols != w.cols() || rounding != w.inputRounding()
                || (n < TiledMatmul.MIN_TOKENS && (w.q8Input() == null ? !hasRows && !(hasHalves && w.halfInput()) : packed(w.q8Input()) == null))) {
            throw new IllegalArgumentException("input prepared for " + rounding + " x " + cols + ", not for " + w.type() + " x " + w.cols());
        }
    }
}
