package dev.jollama.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static dev.jollama.engine.tensor.Simd.F;
import static dev.jollama.engine.tensor.Simd.FLOAT;
import static dev.jollama.engine.tensor.Simd.L;
import static dev.jollama.engine.tensor.Simd.LE;

/** F32 weights. */
public final class F32Tensor extends WeightTensor {
    static final TypeSupport SUPPORT = new TypeSupport(GgmlType.F32, F32Tensor::new,
            (random, scale, dst, offset) -> dst.set(FLOAT, offset, (random.nextFloat() * 2 - 1) * scale),
            (in, from, dst, offset) -> dst.set(FLOAT, offset, in[from]));

    public F32Tensor(MemorySegment data, int rows, int cols) {
        super(GgmlType.F32, InputRounding.NONE, data, rows, cols);
    }

    @Override
    protected float dot(long offset, float[] x, int xOffset) {
        FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
        int c = 0;
        for (int upper = cols - 2 * L; c <= upper; c += 2 * L) {
            acc0 = FloatVector.fromMemorySegment(F, data, offset + 4L * c, LE).fma(FloatVector.fromArray(F, x, xOffset + c), acc0);
            acc1 = FloatVector.fromMemorySegment(F, data, offset + 4L * (c + L), LE).fma(FloatVector.fromArray(F, x, xOffset + c + L), acc1);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; c < cols; c++) sum += data.get(FLOAT, offset + 4L * c) * x[xOffset + c];
        return sum;
    }

    @Override
    protected void dequantize(long offset, int blocks, float[] out, int outOffset) {
        MemorySegment.copy(data, FLOAT, offset, out, outOffset, blocks);
    }

    @Override
    protected void dequantizeBlockReference(long offset, float[] out, int outOffset) {
        out[outOffset] = data.get(FLOAT, offset);
    }
}
