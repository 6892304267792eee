package dev.jollama.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static dev.jollama.engine.tensor.Simd.F;
import static dev.jollama.engine.tensor.Simd.L;
import static dev.jollama.engine.tensor.Simd.SHORT;

/** BF16 weights; inputs are rounded to bf16 too, as llama.cpp does. */
public final class BF16Tensor extends WeightTensor {
    static final TypeSupport SUPPORT = new TypeSupport(GgmlType.BF16, BF16Tensor::new,
            (random, scale, dst, offset) -> dst.set(SHORT, offset, Half.floatToBf16((random.nextFloat() * 2 - 1) * scale)),
            (in, from, dst, offset) -> dst.set(SHORT, offset, Half.floatToBf16(in[from])));

    public BF16Tensor(MemorySegment data, int rows, int cols) {
        super(GgmlType.BF16, InputRounding.BF16, data, rows, cols);
    }

    @Override
    protected float dot(long offset, int blocks, float[] x, int xOffset) {
        FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
        long o = offset;
        int c = 0, xo = xOffset;
        for (; c + 2 * L <= blocks; c += 2 * L, o += 4 * L, xo += 2 * L) {
            acc0 = Half.bf16ToFloats(data, o).fma(FloatVector.fromArray(F, x, xo), acc0);
            acc1 = Half.bf16ToFloats(data, o + 2 * L).fma(FloatVector.fromArray(F, x, xo + L), acc1);
        }
        for (; c + L <= blocks; c += L, o += 2 * L, xo += L) acc0 = Half.bf16ToFloats(data, o).fma(FloatVector.fromArray(F, x, xo), acc0);
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; c < blocks; c++) sum += Half.bf16ToFloat(data.get(SHORT, offset + 2L * c)) * x[xOffset + c];
        return sum;
    }

    @Override
    boolean halfInput() {
        return cols > HALF_INPUT_COLS;
    }

    @Override
    float dot(long offset, int count, short[] x, int xOffset) {
        FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
        long o = offset;
        int c = 0, xo = xOffset;
        for (; c + 2 * L <= count; c += 2 * L, o += 4 * L, xo += 2 * L) {
            acc0 = Half.bf16ToFloats(data, o).fma(Half.bf16ToFloats(x, xo), acc0);
            acc1 = Half.bf16ToFloats(data, o + 2 * L).fma(Half.bf16ToFloats(x, xo + L), acc1);
        }
        for (; c + L <= count; c += L, o += 2 * L, xo += L) acc0 = Half.bf16ToFloats(data, o).fma(Half.bf16ToFloats(x, xo), acc0);
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; c < count; c++) sum += Half.bf16ToFloat(data.get(SHORT, offset + 2L * c)) * Half.bf16ToFloat(x[xOffset + c]);
        return sum;
    }

    @Override
    protected void dequantize(long offset, int blocks, float[] out, int outOffset) {
        int c = 0;
        for (int upper = blocks - L; c <= upper; c += L) Half.bf16ToFloats(data, offset + 2L * c).intoArray(out, outOffset + c);
        for (; c < blocks; c++) out[outOffset + c] = Half.bf16ToFloat(data.get(SHORT, offset + 2L * c));
    }

    @Override
    protected void dequantizeBlockReference(long offset, float[] out, int outOffset) {
        out[outOffset] = Half.bf16ToFloat(data.get(SHORT, offset));
    }
}
