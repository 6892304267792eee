package dev.jollama.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.assertj.core.api.Assertions.assertThat;

/** What every layout repacked at load ({@link WeightTensor#repacked}) must keep, for the tests of each. */
final class RepackedTensorChecks {
    private RepackedTensorChecks() {}

    /** The repacked matrix has the file's bytes count and dequantizes (vector and reference) to the file's weights. */
    static void keepsEveryWeight(WeightTensor file, WeightTensor repacked, String what) {
        assertThat(repacked.data().byteSize()).isEqualTo(file.data().byteSize());
        int cols = file.cols();
        float[] want = new float[cols + 3], vector = new float[cols + 3], scalar = new float[cols + 3];
        for (int r = 0; r < file.rows(); r++) {
            file.dequantizeRowReference(r, want, 3);
            repacked.dequantizeRow(r, vector, 3);
            repacked.dequantizeRowReference(r, scalar, 3);
            assertThat(vector).as("%s, row %d, vector", what, r).containsExactly(want);
            assertThat(scalar).as("%s, row %d, reference", what, r).containsExactly(want);
        }
    }

    /** Repacking over the matrix's own bytes (own) gave the same bytes and products as repacking into new memory. */
    static void inPlaceEqualsCopy(WeightTensor copied, WeightTensor inPlace, MemorySegment own) {
        assertThat(inPlace.data().address()).isEqualTo(own.address());
        assertThat(inPlace.data().toArray(ValueLayout.JAVA_BYTE)).isEqualTo(copied.data().toArray(ValueLayout.JAVA_BYTE));
        int rows = copied.rows();
        float[] x = KernelTest.gaussian(copied.cols(), 5), a = new float[rows], b = new float[rows];
        copied.matvec(x, a, 0, rows);
        inPlace.matvec(x, b, 0, rows);
        assertThat(b).containsExactly(a);
    }
}
