package dev.jollama.engine.tensor;

/**
 * How the integer decode kernels read their inputs: each input vector quantized to int8 as llama.cpp quantizes it
 * for the type ({@link InputRounding#Q8_0}: a scale per 32 values, {@link InputRounding#Q8_K}: per 256), each block's
 * values stored in the order in which the type's kernel meets its weights, and a few sums per block for the terms
 * that do not depend on each weight (K-quant mins, Q6_K's -32 offset).
 *
 * <p>Why int8 and not floats: an 8192-float input (32 KB) does not stay in the 48 KB L1 next to the streaming weights,
 * and rows that long then ran at half speed; 8 KB of int8 do. And products of small integers are exact, as in
 * llama.cpp's integer dot products. Why a permuted order: the K-quant kernels load 64 bytes of packed weights as 16
 * ints and take each nibble position as one vector of 16 weights (shift and mask), which needs no byte-to-int
 * widening; the input values those 16 weights meet are stored next to each other. One instance per layout; the
 * types that read the same layout share it (Q4_K and Q5_K).
 */
final class Q8Input {
    /** Sums per block written next to the quantized values, for the constant and min terms of a type's weights. */
    @FunctionalInterface
    interface Sums {
        /** From one block's values q[from .. from + blockSize) in natural order and scale d, into sums[to ..). */
        void write(byte[] q, int from, float d, float[] sums, int to);
    }

    /** Writes one token row's int8 values, q[from .. from + cols) in natural order, as shorts into out[from ..) in a kernel's order. */
    @FunctionalInterface
    interface Widening {
        void write(byte[] q, int from, int cols, short[] out);
    }

    final InputRounding rounding;
    /** Stored value i of a block is natural value order[i]; null keeps the natural order. */
    private final int[] order;
    final Sums sums;
    final int sumsPerBlock;
    /** Null, or the short copy of the values that the kernel reads instead of the bytes ({@link Packed#wide}). */
    final Widening widening;

    Q8Input(InputRounding rounding, int[] order, int sumsPerBlock, Sums sums) {
        this(rounding, order, sumsPerBlock, sums, null);
    }

    Q8Input(InputRounding rounding, int[] order, int sumsPerBlock, Sums sums, Widening widening) {
        if (order != null && order.length != rounding.blockSize()) throw new IllegalArgumentException("order of " + order.length);
        this.rounding = rounding;
        this.order = order;
        this.sums = sums;
        this.sumsPerBlock = sumsPerBlock;
        this.widening = widening;
    }

    int blockSize() {
        return rounding.blockSize();
    }

    /** Quantizes {@code blocks} blocks of in[from ..) into x's arrays starting at block {@code block}. */
    void pack(float[] in, int from, int blocks, Packed x, int block) {
        int bs = blockSize();
        byte[] natural = order == null ? x.q : x.natural;
        for (int b = 0; b < blocks; b++) {
            int dst = (block + b) * bs, src = order == null ? dst : 0;
            float d = rounding.quantize(in, from + b * bs, natural, src);
            if (order != null) for (int i = 0; i < bs; i++) x.q[dst + i] = natural[order[i]];
            x.d[block + b] = d;
            if (sums != null) sums.write(natural, src, d, x.sums, (block + b) * sumsPerBlock);
        }
    }

    /** {@link #pack} of n token rows of {@code cols} values, and their {@link #widening} if there is one. */
    void packRows(float[] in, int n, int cols, Packed x) {
        int blocks = cols / blockSize();
        pack(in, 0, n * blocks, x, 0);
        if (widening != null) for (int t = 0; t < n; t++) widening.write(x.q, t * cols, cols, x.wide);
    }

    /** The arrays of one layout for all tokens of a product: token t's blocks start at t * cols / blockSize. */
    static final class Packed {
        Q8Input layout;
        byte[] q = new byte[0];
        float[] d = new float[0];
        float[] sums = new float[0];
        /** The values as shorts in the layout's {@link #widening} order, when it has one. */
        short[] wide = new short[0];
        /** One block in natural order while it is permuted. */
        final byte[] natural = new byte[256];

        void reserve(Q8Input layout, int values) {
            this.layout = layout;
            int blocks = values / layout.blockSize();
            if (q.length < values) q = new byte[values];
            if (d.length < blocks) d = new float[blocks];
            if (sums.length < blocks * layout.sumsPerBlock) sums = new float[blocks * layout.sumsPerBlock];
            if (layout.widening != null && wide.length < values) wide = new short[values];
        }
    }
}
