package dev.jollama.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

/**
 * A 2-D weight matrix of {@code rows} rows by {@code cols} columns in one GGML type, read in place from mapped file
 * memory (never copied to the heap). Row r holds the weights of output r; a row is {@code cols / blockSize} blocks.
 *
 * <p>One subclass per GGML type supplies three kernels on the Vector API ({@link #dot}, {@link #dequantize}) and a
 * scalar reference ({@link #dequantizeBlockReference}) that tests hold the vector kernels to. This class turns them
 * into matrix products: a fused dequantize-and-dot per row for a few tokens (decode, memory bound), and the tiled
 * kernel of {@link TiledMatmul} for batches (prompt processing, compute bound). Inputs are first rounded as
 * llama.cpp rounds them for the type ({@link InputRounding}).
 */
public abstract class WeightTensor {
    protected final MemorySegment data;
    protected final int rows;
    protected final int cols;
    private final GgmlType type;
    private final InputRounding inputRounding;

    private static final ThreadLocal<PreparedInput> SCRATCH = ThreadLocal.withInitial(PreparedInput::new);

    protected WeightTensor(GgmlType type, InputRounding inputRounding, MemorySegment data, int rows, int cols) {
        if (rows < 0 || cols <= 0) throw new IllegalArgumentException(type + " tensor of " + rows + "x" + cols);
        if (cols % type.blockSize != 0) throw new IllegalArgumentException(type + " row of " + cols + " is not whole blocks");
        long need = type.bytesFor((long) rows * cols);
        if (data.byteSize() < need) throw new IllegalArgumentException(type + " " + rows + "x" + cols + " needs " + need + " bytes, got " + data.byteSize());
        this.type = type;
        this.inputRounding = inputRounding;
        this.data = data;
        this.rows = rows;
        this.cols = cols;
    }

    public final GgmlType type() {
        return type;
    }

    /** How inputs are rounded before they meet these weights (llama.cpp's vec_dot_type for the type). */
    public final InputRounding inputRounding() {
        return inputRounding;
    }

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

    final int blocksPerRow() {
        return cols / type().blockSize;
    }

    final long rowOffset(int row) {
        return (long) row * blocksPerRow() * type().blockBytes;
    }

    /**
     * This matrix in the layout its decode kernel reads fastest, or this matrix itself for the types that compute on
     * the file's layout. The repacked copy goes to memory from {@code memory} (this matrix's bytes are read once and
     * not written), or with a null {@code memory} over this matrix's own bytes (which must be writable; this matrix
     * must not be used afterwards). Rows are split over {@code workers}, which may be null.
     */
    public WeightTensor repacked(SegmentAllocator memory, Workers workers) {
        return this;
    }

    /** Writes row {@code row} as floats into out[offset .. offset + cols). */
    public final void dequantizeRow(int row, float[] out, int offset) {
        dequantize(rowOffset(row), blocksPerRow(), out, offset);
    }

    /**
     * Matrix product for a batch of {@code n} input vectors: for every token t in [0, n) and row r in
     * [rowFrom, rowTo), {@code out[t * outStride + r] = sum_c W[r][c] * in[t * cols + c]}.
     * Threads call this on disjoint row ranges of the same output. Each call rounds the inputs itself; to do that
     * once for all threads use {@link #matmul(Workers, float[], int, float[], int)} or {@link PreparedInput}.
     */
    public final void matmul(float[] in, int n, float[] out, int outStride, int rowFrom, int rowTo) {
        matmul(SCRATCH.get().prepare(this, in, n), out, outStride, rowFrom, rowTo);
    }

    /** The same product with {@code n = 1}: one dot product per row. */
    public final void matvec(float[] in, float[] out, int rowFrom, int rowTo) {
        matmul(in, 1, out, rows, rowFrom, rowTo);
    }

    /** The whole product over all rows, the inputs rounded once and the rows split over the workers. */
    public final void matmul(Workers workers, float[] in, int n, float[] out, int outStride) {
        PreparedInput prepared = SCRATCH.get().prepare(this, in, n);
        workers.forRange(rows, 64, (from, to) -> matmul(prepared, out, outStride, from, to));
    }

    /** The product with inputs already rounded for this tensor; safe to call from several threads at once. */
    public final void matmul(PreparedInput in, float[] out, int outStride, int rowFrom, int rowTo) {
        in.check(this);
        int n = in.n;
        if (rowFrom < 0 || rowTo > rows || rowFrom > rowTo) throw new IndexOutOfBoundsException("rows [" + rowFrom + ", " + rowTo + ") of " + rows);
        if (outStride < rowTo || (long) (n - 1) * outStride + rowTo > out.length) {
            throw new IndexOutOfBoundsException(n + " outputs of stride " + outStride + " do not fit in an array of " + out.length);
        }
        if (n >= TiledMatmul.MIN_TOKENS) {
            TiledMatmul.multiply(this, in, out, outStride, rowFrom, rowTo);
            return;
        }
        int blocks = blocksPerRow();
        Q8Input layout = q8Input();
        if (layout != null) {
            Q8Input.Packed x = in.packed(layout);
            int tokenBlocks = cols / layout.blockSize();
            // Rows in chunks that stay in L2, each token's pass over a chunk in turn, so that one token's int8 input stays
            // in L1 (token by token per row, all n inputs crossed L1 for every row: 2 tokens of 8192 columns cost 2.5x one).
            int chunk = (int) Math.max(1, CHUNK_BYTES / rowBytes());
            for (int r0 = rowFrom; r0 < rowTo; r0 += chunk) {
                int r1 = Math.min(rowTo, r0 + chunk);
                for (int t = 0; t < n; t++) {
                    for (int r = r0; r < r1; r++) out[t * outStride + r] = dot(rowOffset(r), blocks, x, t * tokenBlocks);
                }
            }
            return;
        }
        if (in.hasHalves() && halfInput()) {
            short[] x = in.halves;
            for (int r = rowFrom; r < rowTo; r++) {
                long offset = rowOffset(r);
                for (int t = 0; t < n; t++) out[t * outStride + r] = dot(offset, cols, x, t * cols);
            }
            return;
        }
        float[] x = in.rows;
        for (int r = rowFrom; r < rowTo; r++) {
            long offset = rowOffset(r);
            for (int t = 0; t < n; t++) out[t * outStride + r] = dot(offset, blocks, x, t * cols);
        }
    }

    /** Bytes of weight rows that decode of 2-7 tokens runs token by token: well inside the 1 MB L2. */
    private static final long CHUNK_BYTES = 256 << 10;

    // ---- per-type kernels ----

    /**
     * Dot product of {@code blocks} blocks starting at byte {@code offset} with the floats of x from xOffset, Vector
     * API. By default the blocks are dequantized into a thread-local buffer (in L1) and multiplied from there; the
     * types that matter most for speed override this with a fused kernel that never stores the dequantized weights.
     */
    protected float dot(long offset, int blocks, float[] x, int xOffset) {
        int count = blocks * type.blockSize;
        float[] w = ROW.get();
        if (w.length < count) ROW.set(w = new float[count]);
        dequantize(offset, blocks, w, 0);
        return Simd.dot(w, x, xOffset, count);
    }

    /**
     * The int8 input layout of this type's integer dot ({@link #dot(long, int, byte[], float[], float[], int)}), or
     * null for the types that multiply float inputs ({@link #dot(long, int, float[], int)}).
     */
    Q8Input q8Input() {
        return null;
    }

    /**
     * Dot product of {@code blocks} blocks at byte {@code offset} with an input quantized in {@link #q8Input()}'s
     * layout, whose blocks start at block {@code xBlock} of q (values), d (scales) and sums.
     */
    float dot(long offset, int blocks, byte[] q, float[] d, float[] sums, int xBlock) {
        throw new UnsupportedOperationException(type + " has no integer dot");
    }

    /** The same with the input's arrays as they are prepared; for kernels that read more than q, d and sums. */
    float dot(long offset, int blocks, Q8Input.Packed x, int xBlock) {
        return dot(offset, blocks, x.q, x.d, x.sums, xBlock);
    }

    /**
     * F16 and BF16 rows longer than this multiply inputs kept as 16-bit values (8 KB per 4096 columns) rather than
     * floats: a float input of more than 16 KB did not stay in the 48 KB L1 next to the streaming weights (F16 at 8192
     * columns: 11 -> 19 GB/s per thread); up to 4096 columns floats are faster, needing no conversion (docs/kernels.md).
     */
    static final int HALF_INPUT_COLS = 4096;

    /**
     * Whether decode multiplies inputs kept as 16-bit values of {@link #inputRounding()} ({@link #dot(long, int,
     * short[], int)}), half the size of floats: long rows of F16 (BF16) weights, whose inputs llama.cpp rounds to fp16
     * (bf16) anyway. F16 takes them only when they are all finite.
     */
    boolean halfInput() {
        return false;
    }

    /** Dot product of the {@code count} weights at byte {@code offset} with the 16-bit inputs x[xOffset ..). */
    float dot(long offset, int count, short[] x, int xOffset) {
        throw new UnsupportedOperationException(type + " has no 16-bit-input dot");
    }

    /**
     * One block's dot with int8 inputs in natural order, by the scalar reference: for the odd last block of a row
     * (the vector kernels take blocks two at a time). A float crosses the call, no vector.
     */
    final float blockDotReference(long offset, byte[] q, float[] xd, int xBlock) {
        int bs = type.blockSize;
        float[] w = BLOCK.get();
        dequantizeBlockReference(offset, w, 0);
        float sum = 0;
        for (int i = 0; i < bs; i++) sum += w[i] * q[bs * xBlock + i];
        return sum * xd[xBlock];
    }

    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> BLOCK = ThreadLocal.withInitial(() -> new float[256]);

    /**
     * Null, or the order in which {@link #dequantizeTile} writes the columns of each whole group of
     * {@code order.length} columns: stored position i of a group holds its natural column order[i]. The tiled product then reads its inputs transposed in that order
     * ({@link PreparedInput#inColumnOrder}), so a repacked layout's tiles need no gather. Columns past the last whole
     * group stay in natural order.
     */
    int[] tileColumnOrder() {
        return null;
    }

    /** Row {@code row}'s kc columns from k0 as floats into out[outOffset ..), in {@link #tileColumnOrder}'s order. */
    void dequantizeTile(int row, int k0, int kc, float[] out, int outOffset) {
        dequantize(rowOffset(row) + (long) (k0 / type.blockSize) * type.blockBytes, kc / type.blockSize, out, outOffset);
    }

    /** Dequantizes {@code blocks} consecutive blocks starting at byte {@code offset} into out[outOffset ..), Vector API. */
    protected abstract void dequantize(long offset, int blocks, float[] out, int outOffset);

    /** Scalar reference: dequantizes the block at byte {@code offset} into out[outOffset .. + blockSize). */
    protected abstract void dequantizeBlockReference(long offset, float[] out, int outOffset);

    // ---- scalar reference path (tests compare the kernels with it) ----

    /** Row {@code row} dequantized by the scalar reference. */
    public final void dequantizeRowReference(int row, float[] out, int offset) {
        long off = rowOffset(row);
        int bs = type().blockSize, bb = type().blockBytes;
        for (int b = 0; b < blocksPerRow(); b++) dequantizeBlockReference(off + (long) b * bb, out, offset + b * bs);
    }

    /** {@link #matmul(float[], int, float[], int, int, int)} by the scalar reference, summing in double. */
    public final void matmulReference(float[] in, int n, float[] out, int outStride, int rowFrom, int rowTo) {
        float[] x = new float[n * cols];
        inputRounding().round(in, 0, x, 0, n * cols);
        float[] w = new float[cols];
        for (int r = rowFrom; r < rowTo; r++) {
            dequantizeRowReference(r, w, 0);
            for (int t = 0; t < n; t++) {
                double sum = 0;
                for (int c = 0; c < cols; c++) sum += (double) w[c] * x[t * cols + c];
                out[t * outStride + r] = (float) sum;
            }
        }
    }
}
