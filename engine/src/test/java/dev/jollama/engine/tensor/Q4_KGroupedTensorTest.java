package dev.jollama.engine.tensor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
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

    @Test
    void keepsEveryWeightAndEqualsScalarReference() {
        assumeTrue(Simd.WIDE, "the grouped layout needs 16-lane vectors");
        RepackedTensorChecks.repackedProductsEqualScalarReference(GgmlType.Q4_K, Q4_KGroupedTensor.class, BLOCKS, ARENA);
    }

    @Test
    void extremeInputsAndWeightsDoNotOverflow() {
        assumeTrue(Simd.WIDE, "the grouped layout needs 16-lane vectors");
        int rows = 4, cols = 256 * 8;
        WeightTensor w = RepackedTensorChecks.original(GgmlType.Q4_K, rows, cols, 3, ARENA);
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
        RepackedTensorChecks.repacksInPlaceAsIntoACopy(GgmlType.Q4_K, 300, 256 * 9, ARENA);
    }
}
