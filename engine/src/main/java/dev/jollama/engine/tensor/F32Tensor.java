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
    protected float dot(long offset, int blocks, float[] x, int xOffset) {
        FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
        long o = offset;
        int c = 0, xo = xOffset;
        for (; c + 2 * L <= blocks; c += 2 * L, o += 8 * L, xo += 2 * L) {
            acc0 = FloatVector.fromMemorySegment(F, data, o, LE).fma(FloatVector.fromArray(F, x, xo), acc0);
            acc1 = FloatVector.fromMemorySegment(F, data, o + 4 * L, LE).fma(FloatVector.fromArray(F, x, xo + L), acc1);
        }
        for (; c + L <= blocks; c += L, o += 4 * L, xo += L) acc0 = FloatVector.fromMemorySegment(F, data, o, LE).fma(FloatVector.fromArray(F, x, xo), acc0);
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; c < blocks; c++) sum += data.get(FLOAT, offset + 4L * c) * x[xOffset + c];
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
