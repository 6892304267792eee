package dev.jollama.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
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

    /** Inputs as Q8_0 blocks in natural order, as llama.cpp's vec_dot_q8_0_q8_0 meets them (Q4_0's too). */
    static final Q8Input INPUT = new Q8Input(InputRounding.Q8_0, null, 0, null);

    @Override
    Q8Input q8Input() {
        return INPUT;
    }

    // Two blocks per iteration into two accumulators; each block's 32 products summed exactly in ints, then scaled
    // once. All in one method (a helper returning a vector gets compiled on its own and is then not inlined: boxed
    // vectors), offsets derived from the block index (not advanced separately: fewer live registers).
    @Override
    float dot(long offset, int blocks, byte[] q, float[] xd, float[] sums, int xBlock) {
        FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
        int pairs = blocks / 2;
        for (int b = 0; b < pairs; b++) {
            long o = offset + (long) (2 * b) * BYTES;
            int xb = xBlock + 2 * b, xo = 32 * xb;
            IntVector p0 = Simd.bytesToInts(data, o + 2).mul(Simd.bytesToInts(q, xo));
            IntVector p1 = Simd.bytesToInts(data, o + 2 + BYTES).mul(Simd.bytesToInts(q, xo + 32));
            for (int j = L; j < 32; j += L) {
                p0 = Simd.bytesToInts(data, o + 2 + j).mul(Simd.bytesToInts(q, xo + j)).add(p0);
                p1 = Simd.bytesToInts(data, o + 2 + BYTES + j).mul(Simd.bytesToInts(q, xo + 32 + j)).add(p1);
            }
            acc0 = Simd.toFloats(p0).fma(FloatVector.broadcast(F, Simd.fp16(data, o) * xd[xb]), acc0);
            acc1 = Simd.toFloats(p1).fma(FloatVector.broadcast(F, Simd.fp16(data, o + BYTES) * xd[xb + 1]), acc1);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        return blocks % 2 == 0 ? sum : sum + blockDotReference(offset + (long) (blocks - 1) * BYTES, q, xd, xBlock + blocks - 1);
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
