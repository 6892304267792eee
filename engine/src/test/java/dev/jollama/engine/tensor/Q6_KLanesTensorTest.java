package dev.jollama.engine.tensor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
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

    @Test
    void keepsEveryWeightAndEqualsScalarReference() {
        assumeTrue(Simd.WIDE, "the lane layout needs 16-lane vectors");
        RepackedTensorChecks.repackedProductsEqualScalarReference(GgmlType.Q6_K, Q6_KLanesTensor.class, BLOCKS, ARENA);
    }

    @Test
    void extremeInputsAndWeightsDoNotOverflow() {
        assumeTrue(Simd.WIDE, "the lane layout needs 16-lane vectors");
        int rows = 4, cols = 256 * 4;
        WeightTensor w = RepackedTensorChecks.original(GgmlType.Q6_K, rows, cols, 3, ARENA);
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
        RepackedTensorChecks.repacksInPlaceAsIntoACopy(GgmlType.Q6_K, 300, 256 * 9, ARENA);
    }
}
