package dev.jollama.engine.tensor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Q4_0 repacked for decode ({@link Q4_0GroupedTensor}) against the scalar reference on the file's own layout. */
class Q4_0GroupedTensorTest {
    private static final Arena ARENA = Arena.ofShared();

    @AfterAll
    static void close() {
        ARENA.close();
    }

    /** Blocks per row: under one group, whole groups (even and odd counts), groups plus a tail. */
    private static final int[] BLOCKS = {1, 15, 16, 17, 32, 48, 71, 80};

    private static Q4_0Tensor original(int rows, int cols, long seed) {
        return (Q4_0Tensor) Tensors.copyOf(GgmlType.Q4_0, Tensors.randomBlocks(GgmlType.Q4_0, (long) rows * cols, seed, 0.5f), rows, cols, ARENA);
    }

    @Test
    void keepsEveryWeight() {
        assumeTrue(Simd.WIDE, "the grouped layout needs 16-lane vectors");
        for (int blocks : BLOCKS) {
            int rows = 3, cols = 32 * blocks;
            Q4_0Tensor w = original(rows, cols, blocks);
            WeightTensor g = w.repacked(ARENA, null);
            assertThat(g).isInstanceOf(Q4_0GroupedTensor.class);
            RepackedTensorChecks.keepsEveryWeight(w, g, blocks + " blocks");
        }
    }

    @Test
    void matmulEqualsScalarReference() {
        assumeTrue(Simd.WIDE, "the grouped layout needs 16-lane vectors");
        int[] batches = {1, 2, 7, TiledMatmul.MIN_TOKENS, 17, 40};
        for (int blocks : BLOCKS) {
            int rows = blocks % 2 == 0 ? 70 : 29, cols = 32 * blocks;
            WeightTensor g = original(rows, cols, 7L * blocks).repacked(ARENA, null);
            for (int n : batches) {
                float[] x = KernelTest.gaussian(n * cols, n + blocks);
                int[][] ranges = {{0, rows}, {rows / 3, rows - rows / 4}, {rows - 1, rows}};
                for (int[] range : ranges) KernelTest.check(g, x, n, range[0], range[1]);
            }
        }
    }

    @Test
    void repacksInPlaceAndSplitOverWorkers() {
        assumeTrue(Simd.WIDE, "the grouped layout needs 16-lane vectors");
        int rows = 300, cols = 32 * 40;
        Q4_0Tensor w = original(rows, cols, 11);
        WeightTensor copied = w.repacked(ARENA, null);
        MemorySegment own = ARENA.allocate(w.data().byteSize(), 64).copyFrom(w.data());
        WeightTensor inPlace;
        try (Workers workers = new Workers(3)) {
            inPlace = new Q4_0Tensor(own, rows, cols).repacked(null, workers);
        }
        RepackedTensorChecks.inPlaceEqualsCopy(copied, inPlace, own);
    }

    @Test
    void scalesConvertAsFloat16ToFloatDoes() {
        assumeTrue(Simd.WIDE, "the grouped layout needs 16-lane vectors");
        int cols = 32 * 16;
        short[] scales = {0x7C00, (short) 0xFC00, 0x7E01, 0x0001, (short) 0x83FF, 0x0000, (short) 0x8000, 0x7BFF, 0x3C00, (short) 0xBC00};
        Q4_0Tensor w = original(scales.length, cols, 5);
        for (int r = 0; r < scales.length; r++) w.data().set(Simd.SHORT, 18L * 16 * r + 18 * (3 + r), scales[r]);
        WeightTensor g = w.repacked(ARENA, null);
        float[] x = new float[cols], got = new float[scales.length], want = new float[scales.length];
        java.util.Arrays.fill(x, 1f);
        x[32 * 3 + 5] = 0.5f;
        g.matvec(x, got, 0, scales.length);
        w.matmulReference(x, 1, want, scales.length, 0, scales.length);
        for (int r = 0; r < scales.length; r++) {
            float[] a = new float[cols], b = new float[cols];
            w.dequantizeRowReference(r, a, 0);
            g.dequantizeRow(r, b, 0);
            assertThat(b).as("scale %04x", scales[r]).containsExactly(a);
            if (Float.isFinite(want[r])) assertThat(got[r]).as("scale %04x", scales[r]).isCloseTo(want[r], org.assertj.core.data.Offset.offset(1e-3f * Math.abs(want[r]) + 1e-30f));
            else assertThat(Float.isFinite(got[r])).as("scale %04x: %s", scales[r], got[r]).isFalse(); // inf or NaN, as the order of 0 x inf decides
        }
    }
}
