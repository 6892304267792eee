package dev.jollama.engine.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.assertj.core.api.Assertions.assertThat;

/** What every layout repacked at load ({@link WeightTensor#repacked}) must keep, for the tests of each. */
final class RepackedTensorChecks {
    private RepackedTensorChecks() {}

    /** Decode batches, and tile batches with tokens padded to 16 and 32 (a layout may order tiles by it), and past 64. */
    private static final int[] TOKENS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 17, 25, 33, 72};

    /** A random matrix of {@code type} in the file's layout. */
    static WeightTensor original(GgmlType type, int rows, int cols, long seed, Arena arena) {
        return Tensors.copyOf(type, Tensors.randomBlocks(type, (long) rows * cols, seed, 0.5f), rows, cols, arena);
    }

    /**
     * For rows of each count of {@code blocks}: the repacked matrix is a {@code layout}, keeps every weight, and its
     * products for {@link #TOKENS} over several row ranges equal the scalar reference's.
     */
    static void repackedProductsEqualScalarReference(GgmlType type, Class<? extends WeightTensor> layout, int[] blocks, Arena arena) {
        for (int count : blocks) {
            int cols = type.blockSize * count;
            WeightTensor w = original(type, 3, cols, count, arena);
            WeightTensor repacked = w.repacked(arena, null);
            assertThat(repacked).isInstanceOf(layout);
            keepsEveryWeight(w, repacked, count + " blocks");
            int rows = count % 2 == 0 ? 70 : 29;
            repacked = original(type, rows, cols, 7L * count, arena).repacked(arena, null);
            for (int n : TOKENS) {
                float[] x = KernelTest.gaussian(n * cols, n + count);
                int[][] ranges = {{0, rows}, {rows / 3, rows - rows / 4}, {rows - 1, rows}};
                for (int[] range : ranges) KernelTest.check(repacked, x, n, range[0], range[1]);
            }
        }
    }

    /** Repacking over the matrix's own bytes, rows split over 3 workers, gives what repacking into new memory gives. */
    static void repacksInPlaceAsIntoACopy(GgmlType type, int rows, int cols, Arena arena) {
        WeightTensor w = original(type, rows, cols, 11, arena);
        WeightTensor copied = w.repacked(arena, null);
        MemorySegment own = arena.allocate(w.data().byteSize(), 64).copyFrom(w.data());
        WeightTensor inPlace;
        try (Workers workers = new Workers(3)) {
            inPlace = Tensors.of(type, own, rows, cols).repacked(null, workers);
        }
        inPlaceEqualsCopy(copied, inPlace, own);
    }

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
    private static void inPlaceEqualsCopy(WeightTensor copied, WeightTensor inPlace, MemorySegment own) {
        assertThat(inPlace.data().address()).isEqualTo(own.address());
        assertThat(inPlace.data().toArray(ValueLayout.JAVA_BYTE)).isEqualTo(copied.data().toArray(ValueLayout.JAVA_BYTE));
        int rows = copied.rows();
        float[] x = KernelTest.gaussian(copied.cols(), 5), a = new float[rows], b = new float[rows];
        copied.matvec(x, a, 0, rows);
        inPlace.matvec(x, b, 0, rows);
        // the same kernel on the same bytes; the last bits may differ when C2 replaces the kernel between the two calls
        // (vector lane sums are ordered differently in the interpreter and C1: docs/kernels.md)
        for (int r = 0; r < rows; r++) assertThat(b[r]).as("row %d", r).isCloseTo(a[r], org.assertj.core.data.Offset.offset(1e-5f * Math.abs(a[r]) + 1e-6f));
    }
}
