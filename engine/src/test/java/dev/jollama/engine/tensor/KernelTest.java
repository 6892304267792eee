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

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = GgmlType.class, names = {"F16", "BF16"})
    void longF16AndBF16RowsMultiply16BitInputs(GgmlType type) {
        int rows = 21, cols = WeightTensor.HALF_INPUT_COLS + 37; // past the threshold, with a tail of less than a vector
        WeightTensor w = random(type, rows, cols, 11);
        for (int n : new int[] {1, 2, 7}) {
            float[] x = gaussian(n * cols, n);
            assertThat(new PreparedInput().prepare(w, x, n).hasHalves()).isTrue();
            for (int[] range : new int[][] {{0, rows}, {5, 17}, {rows - 1, rows}}) check(w, x, n, range[0], range[1]);
        }
        WeightTensor shortRows = random(type, 3, WeightTensor.HALF_INPUT_COLS, 12);
        assertThat(new PreparedInput().prepare(shortRows, gaussian(WeightTensor.HALF_INPUT_COLS, 1), 1).hasHalves()).isFalse();
    }

    @Test
    void f16InputsThatRoundToInfinityOrNaNTakeTheFloatPath() {
        int rows = 9, cols = WeightTensor.HALF_INPUT_COLS + 64;
        WeightTensor w = random(GgmlType.F16, rows, cols, 13);
        for (float special : new float[] {1e6f, -70000f, Float.NaN}) {
            float[] x = gaussian(2 * cols, 4);
            x[cols + 100] = special; // token 1 only: token 0 stays finite
            assertThat(new PreparedInput().prepare(w, x, 2).hasHalves()).isFalse();
            float[] got = new float[2 * rows], want = new float[2 * rows];
            w.matmul(x, 2, got, rows, 0, rows);
            w.matmulReference(x, 2, want, rows, 0, rows);
            for (int r = 0; r < rows; r++) {
                assertThat(Float.valueOf(got[rows + r])).as("%s row %d", special, r).isEqualTo(Float.valueOf(want[rows + r])).matches(v -> !Float.isFinite(v));
                assertThat((double) got[r]).isCloseTo(want[r], org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    @Test
    void bf16InputsKeepInfinitiesAndNaN() {
        int rows = 5, cols = WeightTensor.HALF_INPUT_COLS + 16;
        WeightTensor w = random(GgmlType.BF16, rows, cols, 14);
        for (float special : new float[] {Float.POSITIVE_INFINITY, Float.NaN}) {
            float[] x = gaussian(cols, 6);
            x[7] = special;
            assertThat(new PreparedInput().prepare(w, x, 1).hasHalves()).isTrue();
            float[] got = new float[rows], want = new float[rows];
            w.matmul(x, 1, got, rows, 0, rows);
            w.matmulReference(x, 1, want, rows, 0, rows);
            for (int r = 0; r < rows; r++) assertThat(Float.valueOf(got[r])).as("%s row %d", special, r).isEqualTo(Float.valueOf(want[r]));
        }
    }

    @Test
    void fp16ConversionOnVectorsIsExactForEveryBitPattern() {
        var all = ARENA.allocate(2 << 16, 64);
        short[] bits = new short[1 << 16];
        for (int i = 0; i < 1 << 16; i++) all.set(Simd.SHORT, 2L * i, bits[i] = (short) i);
        for (int i = 0; i < 1 << 16; i += Simd.L) {
            float[] exact = Half.fp16ToFloats(all, 2L * i).toArray(), finite = Half.finiteFp16ToFloats(bits, i).toArray();
            for (int j = 0; j < Simd.L; j++) {
                short h = (short) (i + j);
                float want = Float.float16ToFloat(h);
                if (Float.isNaN(want)) assertThat(exact[j]).isNaN();
                else assertThat(Float.floatToRawIntBits(exact[j])).as("0x%04x", h).isEqualTo(Float.floatToRawIntBits(want));
                if (!Half.isSpecialFp16(h)) assertThat(Float.floatToRawIntBits(finite[j])).as("0x%04x", h).isEqualTo(Float.floatToRawIntBits(want));
            }
        }
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
