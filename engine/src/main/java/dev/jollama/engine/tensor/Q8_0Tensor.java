package dev.jollama.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.random.RandomGenerator;

import static dev.jollama.engine.tensor.Simd.F;
import static dev.jollama.engine.tensor.Simd.L;
import static dev.jollama.engine.tensor.Simd.SHORT;

/** Q8_0: blocks of 32 weights, {@code d (fp16), qs[32] (int8)}, weight = d * q. */
public final class Q8_0Tensor extends WeightTensor {
    static final TypeSupport SUPPORT = new TypeSupport(GgmlType.Q8_0, Q8_0Tensor::new, Q8_0Tensor::randomBlock, Q8_0Tensor::quantizeBlock);
    private static final int BYTES = 34;

    public Q8_0Tensor(MemorySegment data, int rows, int cols) {
        super(GgmlType.Q8_0, InputRounding.Q8_0, data, rows, cols);
    }

    @Override
    protected float dot(long offset, int blocks, float[] x, int xOffset) {
        FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
        int b = 0;
        for (; b + 4 <= blocks; b += 4, offset += 4 * BYTES, xOffset += 128) {
            acc0 = block(offset, x, xOffset, acc0);
            acc1 = block(offset + BYTES, x, xOffset + 32, acc1);
            acc0 = block(offset + 2 * BYTES, x, xOffset + 64, acc0);
            acc1 = block(offset + 3 * BYTES, x, xOffset + 96, acc1);
        }
        for (; b < blocks; b++, offset += BYTES, xOffset += 32) acc0 = block(offset, x, xOffset, acc0);
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }

    private FloatVector block(long offset, float[] x, int xOffset, FloatVector acc) {
        FloatVector sum = FloatVector.zero(F);
        for (int j = 0; j < 32; j += L) sum = Simd.bytesToFloats(data, offset + 2 + j).fma(FloatVector.fromArray(F, x, xOffset + j), sum);
        return sum.fma(FloatVector.broadcast(F, Simd.fp16(data, offset)), acc);
    }

    @Override
    protected void dequantize(long offset, int blocks, float[] out, int outOffset) {
        for (int b = 0; b < blocks; b++, offset += BYTES, outOffset += 32) {
            FloatVector d = FloatVector.broadcast(F, Simd.fp16(data, offset));
            for (int j = 0; j < 32; j += L) Simd.bytesToFloats(data, offset + 2 + j).mul(d).intoArray(out, outOffset + j);
        }
    }

    @Override
    protected void dequantizeBlockReference(long offset, float[] out, int outOffset) {
        float d = Simd.fp16(data, offset);
        for (int j = 0; j < 32; j++) out[outOffset + j] = data.get(ValueLayout.JAVA_BYTE, offset + 2 + j) * d;
    }

    static void randomBlock(RandomGenerator random, float scale, MemorySegment dst, long offset) {
        dst.set(SHORT, offset, Rounding.randomScale(random, scale, 127));
        for (int j = 0; j < 32; j++) dst.set(ValueLayout.JAVA_BYTE, offset + 2 + j, (byte) (random.nextInt(255) - 127));
    }

    /** As llama.cpp's quantize_row_q8_0_ref: d = amax / 127, q = roundf(x / d). */
    static void quantizeBlock(float[] in, int from, MemorySegment dst, long offset) {
        float amax = 0;
        for (int j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(in[from + j]));
        float d = amax / 127, id = d != 0 ? 1 / d : 0;
        dst.set(SHORT, offset, Float.floatToFloat16(d));
        for (int j = 0; j < 32; j++) dst.set(ValueLayout.JAVA_BYTE, offset + 2 + j, (byte) Rounding.roundAway(in[from + j] * id));
    }
}
