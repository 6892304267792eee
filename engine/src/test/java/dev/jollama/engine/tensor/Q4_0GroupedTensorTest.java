package dev.jollama.engine.tensor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;

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

    @Test
    void keepsEveryWeightAndEqualsScalarReference() {
        assumeTrue(Simd.WIDE, "the grouped layout needs 16-lane vectors");
        RepackedTensorChecks.repackedProductsEqualScalarReference(GgmlType.Q4_0, Q4_0GroupedTensor.class, BLOCKS, ARENA);
    }

    @Test
    void repacksInPlaceAndSplitOverWorkers() {
        assumeTrue(Simd.WIDE, "the grouped layout needs 16-lane vectors");
        RepackedTensorChecks.repacksInPlaceAsIntoACopy(GgmlType.Q4_0, 300, 32 * 40, ARENA);
    }

    @Test
    void scalesConvertAsFloat16ToFloatDoes() {
        assumeTrue(Simd.WIDE, "the grouped layout needs 16-lane vectors");
        int cols = 32 * 16;
        short[] scales = {0x7C00, (short) 0xFC00, 0x7E01, 0x0001, (short) 0x83FF, 0x0000, (short) 0x8000, 0x7BFF, 0x3C00, (short) 0xBC00};
        WeightTensor w = RepackedTensorChecks.original(GgmlType.Q4_0, scales.length, cols, 5, ARENA);
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
