package dev.jollama.engine.tensor;

import java.lang.foreign.MemorySegment;

/**
 * A 2-D weight matrix of {@code rows} rows by {@code cols} columns in one GGML type, read in place from mapped file
 * memory (never copied to the heap). Row r holds the weights of output r; a row is {@code cols / blockSize} blocks.
 *
 * <p>One subclass per GGML type. The products below are the hot loops of the engine: implementations use the
 * Vector API and must equal {@link #dequantizeRow}-then-dot up to float rounding.
 */
public abstract class WeightTensor {
    protected final MemorySegment data;
    protected final int rows;
    protected final int cols;

    protected WeightTensor(MemorySegment data, int rows, int cols) {
        long need = type().bytesFor((long) rows * cols);
        if (cols % type().blockSize != 0) throw new IllegalArgumentException(type() + " row of " + cols + " is not whole blocks");
        if (data.byteSize() < need) throw new IllegalArgumentException(type() + " " + rows + "x" + cols + " needs " + need + " bytes, got " + data.byteSize());
        this.data = data;
        this.rows = rows;
        this.cols = cols;
    }

    public abstract GgmlType type();

    public final int rows() {
        return rows;
    }

    public final int cols() {
        return cols;
    }

    public final MemorySegment data() {
        return data;
    }

    /** Bytes of one row. */
    public final long rowBytes() {
        return type().bytesFor(cols);
    }

    /** Writes row {@code row} as floats into out[offset .. offset + cols). */
    public abstract void dequantizeRow(int row, float[] out, int offset);

    /**
     * Matrix product for a batch of {@code n} input vectors: for every token t in [0, n) and row r in
     * [rowFrom, rowTo), {@code out[t * outStride + r] = sum_c W[r][c] * in[t * cols + c]}.
     * Threads call this on disjoint row ranges of the same output.
     */
    public abstract void matmul(float[] in, int n, float[] out, int outStride, int rowFrom, int rowTo);

    /** The same product with {@code n = 1}: one dot product per row. */
    public void matvec(float[] in, float[] out, int rowFrom, int rowTo) {
        matmul(in, 1, out, rows, rowFrom, rowTo);
    }
}
