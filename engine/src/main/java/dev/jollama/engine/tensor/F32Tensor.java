package dev.jollama.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** F32 weights. */
public final class F32Tensor extends WeightTensor {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public F32Tensor(MemorySegment data, int rows, int cols) {
        super(data, rows, cols);
    }

    @Override
    public GgmlType type() {
        return GgmlType.F32;
    }

    @Override
    public void dequantizeRow(int row, float[] out, int offset) {
        MemorySegment.copy(data, F, (long) row * cols * 4, out, offset, cols);
    }

    @Override
    public void matmul(float[] in, int n, float[] out, int outStride, int rowFrom, int rowTo) {
        for (int r = rowFrom; r < rowTo; r++) {
            long base = (long) r * cols * 4;
            for (int t = 0; t < n; t++) out[t * outStride + r] = dot(base, in, t * cols);
        }
    }

    private float dot(long base, float[] x, int xOff) {
        FloatVector acc = FloatVector.zero(S);
        int c = 0;
        for (int upper = S.loopBound(cols); c < upper; c += S.length()) {
            FloatVector w = FloatVector.fromMemorySegment(S, data, base + 4L * c, ByteOrder.LITTLE_ENDIAN);
            acc = w.fma(FloatVector.fromArray(S, x, xOff + c), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; c < cols; c++) sum += data.get(F, base + 4L * c) * x[xOff + c];
        return sum;
    }
}
