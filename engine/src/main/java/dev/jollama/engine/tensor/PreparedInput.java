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
        int cols = w.cols();
        if (n < 1 || (long) n * cols > in.length) {
            throw new IllegalArgumentException(n + " inputs of " + cols + " do not fit in an array of " + in.length);
        }
        this.n = n;
        this.cols = cols;
        this.rounding = w.inputRounding();
        int size = n * cols;
        if (rows.length < size) rows = new float[size];
        rounding.round(in, 0, rows, 0, size);
        if (n >= TiledMatmul.MIN_TOKENS) {
            paddedTokens = TiledMatmul.padTokens(n);
            int tsize = cols * paddedTokens;
            if (transposed.length < tsize) transposed = new float[tsize];
            float[] t = transposed;
            int p = paddedTokens;
            for (int c = 0; c < cols; c++) {
                int base = c * p;
                for (int tok = 0; tok < n; tok++) t[base + tok] = rows[tok * cols + c];
                for (int tok = n; tok < p; tok++) t[base + tok] = 0;
            }
        } else {
            paddedTokens = 0;
        }
        return this;
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
