package dev.jollama.engine.tensor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Q4_K repacked for decode ({@link Q4_KGroupedTensor}) against the scalar reference on the file's own layout. */
class Q4_KGroupedTensorTest {
    private static final Arena ARENA = Arena.ofShared();

    @AfterAll
    static void close() {
        ARENA.close();
    }

    /** Super-blocks per row: under one group, whole groups (even and odd counts), groups plus a tail of 1-3. */
    private static final int[] BLOCKS = {1, 3, 4, 5, 8, 9, 12, 15, 18};

    private static Q4_KTensor original(int rows, int cols, long seed) {
        return (Q4_KTensor) Tensors.copyOf(GgmlType.Q4_K, Tensors.randomBlocks(GgmlType.Q4_K, (long) rows * cols, seed, 0.5f), rows, cols, ARENA);
    }

    @Test
    void keepsEveryWeight() {
        assumeTrue(Simd.WIDE, "the grouped layout needs 16-lane vectors");
        for (int blocks : BLOCKS) {
            int rows = 3, cols = 256 * blocks;
            Q4_KTensor w = original(rows, cols, blocks);
            WeightTensor g = w.repacked(ARENA, null);
            assertThat(g).isInstanceOf(Q4_KGroupedTensor.class);
            RepackedTensorChecks.keepsEveryWeight(w, g, blocks + " super-blocks");
        }
    }

    @Test
    void matmulEqualsScalarReference() {
        assumeTrue(Simd.WIDE, "the grouped layout needs 16-lane vectors");
        for (int blocks : BLOCKS) {
            int rows = blocks % 2 == 0 ? 70 : 29, cols = 256 * blocks;
            WeightTensor g = original(rows, cols, 7L * blocks).repacked(ARENA, null);
            for (int n = 1; n <= 40; n += n < 9 ? 1 : 8) {
                float[] x = KernelTest.gaussian(n * cols, n + blocks);
                int[][] ranges = {{0, rows}, {rows / 3, rows - rows / 4}, {rows - 1, rows}};
                for (int[] range : ranges) KernelTest.check(g, x, n, range[0], range[1]);
            }
        }
    }

    @Test
    void extremeInputsAndWeightsDoNotOverflow() {
        assumeTrue(Simd.WIDE, "the grouped layout needs 16-lane vectors");
        int rows = 4, cols = 256 * 8;
        Q4_KTensor w = original(rows, cols, 3);
        // all quants 15 and all 6-bit scales and mins 63 in row 0; the input one large value per block, the rest equal
        // and of one sign, so that every int8 input is +-127
        for (int b = 0; b < 8; b++) {
            long o = 144L * b;
            for (int i = 4; i < 144; i++) w.data().set(ValueLayout.JAVA_BYTE, o + i, (byte) 0xFF);
        }
        WeightTensor g = w.repacked(ARENA, null);
        float[] x = new float[cols];
        for (int i = 0; i < cols; i++) x[i] = i % 3 == 0 ? -1 : 1;
        KernelTest.check(g, x, 1, 0, rows);
        java.util.Arrays.fill(x, -2f);
        KernelTest.check(g, x, 1, 0, rows);
    }

    @Test
    void repacksInPlaceAndSplitOverWorkers() {
        assumeTrue(Simd.WIDE, "the grouped layout needs 16-lane vectors");
        int rows = 300, cols = 256 * 9;
        Q4_KTensor w = original(rows, cols, 11);
        WeightTensor copied = w.repacked(ARENA, null);
        MemorySegment own = ARENA.allocate(w.data().byteSize(), 64).copyFrom(w.data());
        WeightTensor inPlace;
        try (Workers workers = new Workers(3)) {
            inPlace = new Q4_KTensor(own, rows, cols).repacked(null, workers);
        }
        RepackedTensorChecks.inPlaceEqualsCopy(copied, inPlace, own);
    }
}
