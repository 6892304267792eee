package dev.jollama.engine.tensor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Q6_K repacked for decode ({@link Q6_KLanesTensor}) against the scalar reference on the file's own layout. */
class Q6_KLanesTensorTest {
    private static final Arena ARENA = Arena.ofShared();

    @AfterAll
    static void close() {
        ARENA.close();
    }

    private static final int[] BLOCKS = {1, 2, 3, 8, 9, 32};

    private static Q6_KTensor original(int rows, int cols, long seed) {
        return (Q6_KTensor) Tensors.copyOf(GgmlType.Q6_K, Tensors.randomBlocks(GgmlType.Q6_K, (long) rows * cols, seed, 0.5f), rows, cols, ARENA);
    }

    @Test
    void keepsEveryWeight() {
        assumeTrue(Simd.WIDE, "the lane layout needs 16-lane vectors");
        for (int blocks : BLOCKS) {
            int rows = 3, cols = 256 * blocks;
            Q6_KTensor w = original(rows, cols, blocks);
            WeightTensor repacked = w.repacked(ARENA, null);
            assertThat(repacked).isInstanceOf(Q6_KLanesTensor.class);
            RepackedTensorChecks.keepsEveryWeight(w, repacked, blocks + " super-blocks");
        }
    }

    @Test
    void matmulEqualsScalarReference() {
        assumeTrue(Simd.WIDE, "the lane layout needs 16-lane vectors");
        for (int blocks : BLOCKS) {
            int rows = blocks % 2 == 0 ? 70 : 29, cols = 256 * blocks;
            WeightTensor repacked = original(rows, cols, 7L * blocks).repacked(ARENA, null);
            for (int n = 1; n <= 40; n += n < 9 ? 1 : 8) {
                float[] x = KernelTest.gaussian(n * cols, n + blocks);
                int[][] ranges = {{0, rows}, {rows / 3, rows - rows / 4}, {rows - 1, rows}};
                for (int[] range : ranges) KernelTest.check(repacked, x, n, range[0], range[1]);
            }
        }
    }

    /** Every level at -32 or at 31, every scale at -128 or 127, every int8 input at +-127: the 16-bit sums hold. */
    @Test
    void extremeInputsAndWeightsDoNotOverflow() {
        assumeTrue(Simd.WIDE, "the lane layout needs 16-lane vectors");
        int rows = 4, cols = 256 * 4;
        Q6_KTensor w = original(rows, cols, 3);
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < 4; b++) {
                long o = 210L * (4 * r + b);
                byte bits = (byte) (r % 2 == 0 ? 0 : 0xFF), scale = (byte) (r < 2 ? 127 : -128);
                for (int i = 0; i < 192; i++) w.data().set(ValueLayout.JAVA_BYTE, o + i, bits);
                for (int i = 192; i < 208; i++) w.data().set(ValueLayout.JAVA_BYTE, o + i, scale);
            }
        }
        WeightTensor repacked = w.repacked(ARENA, null);
        float[] x = new float[3 * cols];
        for (float v : new float[]{-2f, 2f}) {
            java.util.Arrays.fill(x, v);
            KernelTest.check(repacked, x, 1, 0, rows);
            KernelTest.check(repacked, x, 3, 0, rows);
        }
    }

    @Test
    void repacksInPlaceAndSplitOverWorkers() {
        assumeTrue(Simd.WIDE, "the lane layout needs 16-lane vectors");
        int rows = 300, cols = 256 * 9;
        Q6_KTensor w = original(rows, cols, 11);
        WeightTensor copied = w.repacked(ARENA, null);
        MemorySegment own = ARENA.allocate(w.data().byteSize(), 64).copyFrom(w.data());
        WeightTensor inPlace;
        try (Workers workers = new Workers(3)) {
            inPlace = new Q6_KTensor(own, rows, cols).repacked(null, workers);
        }
        RepackedTensorChecks.inPlaceEqualsCopy(copied, inPlace, own);
    }
}
