package dev.jollama.engine.tensor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every type's Vector API kernels against its scalar reference, on random valid blocks and odd shapes. */
class KernelTest {
    private static final Arena ARENA = Arena.ofShared();

    @AfterAll
    static void close() {
        ARENA.close();
    }

    static Stream<GgmlType> types() {
        return Arrays.stream(GgmlType.values()).filter(Tensors::isSupported);
    }

    /** A row length with an odd number of blocks (and, for 1-element types, not a multiple of the vector). */
    static int oddCols(GgmlType type, int blocks) {
        return type.blockSize == 1 ? 32 * blocks + 5 : type.blockSize * blocks;
    }

    static WeightTensor random(GgmlType type, int rows, int cols, long seed) {
        return Tensors.copyOf(type, Tensors.randomBlocks(type, (long) rows * cols, seed, 0.5f), rows, cols, ARENA);
    }

    static float[] gaussian(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[count];
        for (int i = 0; i < count; i++) x[i] = (float) (r.nextDouble() * 2 - 1 + (r.nextInt(50) == 0 ? 8 * r.nextDouble() : 0));
        return x;
    }

    @ParameterizedTest
    @MethodSource("types")
    void vectorDequantizeEqualsScalarBitForBit(GgmlType type) {
        int cols = oddCols(type, 9);
        WeightTensor w = random(type, 5, cols, 1);
        float[] vector = new float[cols + 3], scalar = new float[cols + 3];
        for (int r = 0; r < 5; r++) {
            w.dequantizeRow(r, vector, 3);
            w.dequantizeRowReference(r, scalar, 3);
            assertThat(vector).as("row %d", r).containsExactly(scalar);
            for (float v : scalar) assertThat(Math.abs(v)).as("random blocks stay within about the scale").isLessThanOrEqualTo(0.75f);
        }
    }

    @ParameterizedTest
    @MethodSource("types")
    void matmulEqualsScalarReference(GgmlType type) {
        int[][] shapes = {{1, oddCols(type, 1)}, {29, oddCols(type, 3)}, {250, oddCols(type, 7)},
                {70, oddCols(type, type.blockSize == 256 ? 9 : 70)}}; // the last: rows longer than one column chunk
        int[] batches = {1, 2, 7, TiledMatmul.MIN_TOKENS, 17, 40};
        for (int[] shape : shapes) {
            int rows = shape[0], cols = shape[1];
            WeightTensor w = random(type, rows, cols, rows * 31L + cols);
            for (int n : batches) {
                float[] x = gaussian(n * cols, n);
                int[][] ranges = {{0, rows}, {rows / 3, rows - rows / 4}, {rows - 1, rows}};
                for (int[] range : ranges) check(w, x, n, range[0], range[1]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("types")
    void largeBatchCrossesTokenTiles(GgmlType type) {
        int rows = 13, cols = oddCols(type, 2), n = TiledMatmul.TC + 21;
        check(random(type, rows, cols, 7), gaussian(n * cols, 3), n, 0, rows);
    }

    static void check(WeightTensor w, float[] x, int n, int from, int to) {
        int rows = w.rows(), cols = w.cols(), stride = rows + 3;
        float[] got = new float[n * stride], want = new float[n * stride];
        Arrays.fill(got, Float.NaN);
        Arrays.fill(want, Float.NaN);
        w.matmul(x, n, got, stride, from, to);
        w.matmulReference(x, n, want, stride, from, to);
        float[] row = new float[cols], xr = new float[n * cols];
        w.inputRounding().round(x, 0, xr, 0, n * cols);
        for (int r = 0; r < rows; r++) {
            w.dequantizeRowReference(r, row, 0);
            for (int t = 0; t < n; t++) {
                int i = t * stride + r;
                if (r < from || r >= to) {
                    assertThat(got[i]).as("row %d outside [%d, %d) untouched", r, from, to).isNaN();
                    continue;
                }
                double magnitude = 0;
                for (int c = 0; c < cols; c++) magnitude += Math.abs((double) row[c] * xr[t * cols + c]);
                assertThat((double) got[i]).as("%s %dx%d n=%d row %d token %d", w.type(), rows, cols, n, r, t)
                        .isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-5 * magnitude + 1e-30));
            }
        }
    }

    @Test
    void workersSplitRowsAndRoundInputsOnce() {
        WeightTensor w = random(GgmlType.Q8_0, 300, 256, 5);
        for (int n : new int[] {1, 33}) {
            float[] x = gaussian(n * 256, 9), got = new float[n * 300], want = new float[n * 300];
            try (Workers workers = new Workers(3)) {
                w.matmul(workers, x, n, got, 300);
            }
            w.matmul(x, n, want, 300, 0, 300);
            assertThat(got).containsExactly(want);
        }
    }

    @Test
    void q8InputRoundingMatchesLlamaCppOnAKnownBlock() {
        float[] x = new float[32], out = new float[32];
        x[0] = 127; // amax 127: d = 1, so values round to integers, halves to even
        x[1] = 2.5f;
        x[2] = 3.5f;
        x[3] = -2.5f;
        x[4] = 0.49f;
        InputRounding.Q8_0.round(x, 0, out, 0, 32);
        assertThat(Arrays.copyOf(out, 5)).containsExactly(127, 2, 4, -2, 0);
        float[] k = new float[256], kout = new float[256];
        k[7] = -254; // max -254 maps to -127 * d with d = 2
        k[8] = 5; // 5 * -127 / -254 = 2.5 -> 2
        k[9] = 254;
        InputRounding.Q8_K.round(k, 0, kout, 0, 256);
        assertThat(new float[] {kout[7], kout[8], kout[9]}).containsExactly(-254, 4, 254);
    }

    @Test
    void int8InputLayoutsHoldTheRoundedInputsPermuted() {
        for (Q8Input layout : new Q8Input[] {Q8_0Tensor.INPUT, Q4_KTensor.INPUT, Q6_KTensor.INPUT}) {
            int bs = layout.blockSize(), blocks = 3;
            float[] x = gaussian(bs * blocks, bs), rounded = new float[x.length];
            layout.rounding.round(x, 0, rounded, 0, x.length);
            Q8Input.Packed p = new Q8Input.Packed();
            p.reserve(layout, x.length);
            layout.pack(x, 0, blocks, p, 0);
            for (int b = 0; b < blocks; b++) {
                float[] stored = new float[bs], natural = Arrays.copyOfRange(rounded, b * bs, (b + 1) * bs);
                for (int i = 0; i < bs; i++) stored[i] = p.d[b] * p.q[b * bs + i];
                Arrays.sort(stored);
                Arrays.sort(natural);
                assertThat(stored).as("%s block %d", layout.rounding, b).containsExactly(natural);
            }
        }
    }
}
