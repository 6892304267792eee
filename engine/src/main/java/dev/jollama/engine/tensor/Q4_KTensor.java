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

/**
 * Q4_K: super-blocks of 256 weights, {@code d (fp16), dmin (fp16), scales[12], qs[128]}. For each 64 weights c,
 * qs[32c .. 32c + 32) hold weights 64c + l in their low nibbles (sub-block 2c) and 64c + 32 + l in their high
 * nibbles (sub-block 2c + 1); each sub-block has a 6-bit scale and min: weight = d * scale * q - dmin * min.
 */
public final class Q4_KTensor extends WeightTensor {
    static final TypeSupport SUPPORT = new TypeSupport(GgmlType.Q4_K, Q4_KTensor::new, Q4_KTensor::randomBlock, KQuantizer::quantizeQ4K);
    private static final int BYTES = 144;

    public Q4_KTensor(MemorySegment data, int rows, int cols) {
        super(GgmlType.Q4_K, InputRounding.Q8_K, data, rows, cols);
    }

    // One method on purpose: a per-super-block helper gets compiled on its own, is then too big to inline, and the
    // accumulators crossing the call would be boxed. Partial sums per 32 weights keep the FMA chains short.
    @Override
    protected float dot(long offset, int blocks, float[] x, int xOffset) {
        FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
        float[] s = new float[16];
        for (; blocks > 0; blocks--, offset += BYTES, xOffset += 256) {
            KScales.decodeK4(data, offset + 4, Simd.fp16(data, offset), -Simd.fp16(data, offset + 2), s);
            for (int c = 0; c < 4; c++) {
                FloatVector d1 = FloatVector.broadcast(F, s[2 * c]), m1 = FloatVector.broadcast(F, s[8 + 2 * c]);
                FloatVector d2 = FloatVector.broadcast(F, s[2 * c + 1]), m2 = FloatVector.broadcast(F, s[9 + 2 * c]);
                FloatVector p0 = FloatVector.zero(F), p1 = FloatVector.zero(F);
                long q0 = offset + 16 + 32 * c;
                int xo = xOffset + 64 * c;
                for (int l = 0; l < 32; l += L) {
                    IntVector q = Simd.bytesToInts(data, q0 + l);
                    p0 = Simd.toFloats(q.and(0xF)).fma(d1, m1).fma(FloatVector.fromArray(F, x, xo + l), p0);
                    p1 = Simd.toFloats(q.lanewise(VectorOperators.ASHR, 4).and(0xF)).fma(d2, m2).fma(FloatVector.fromArray(F, x, xo + 32 + l), p1);
                }
                acc0 = acc0.add(p0);
                acc1 = acc1.add(p1);
            }
        }
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }

    @Override
    protected void dequantize(long offset, int blocks, float[] out, int outOffset) {
        float[] s = new float[16];
        for (int b = 0; b < blocks; b++, offset += BYTES, outOffset += 256) {
            KScales.decodeK4(data, offset + 4, Simd.fp16(data, offset), Simd.fp16(data, offset + 2), s);
            for (int c = 0; c < 4; c++) {
                FloatVector d1 = FloatVector.broadcast(F, s[2 * c]), m1 = FloatVector.broadcast(F, s[8 + 2 * c]);
                FloatVector d2 = FloatVector.broadcast(F, s[2 * c + 1]), m2 = FloatVector.broadcast(F, s[9 + 2 * c]);
                int o = outOffset + 64 * c;
                for (int l = 0; l < 32; l += L) {
                    IntVector q = Simd.bytesToInts(data, offset + 16 + 32 * c + l);
                    Simd.toFloats(q.and(0xF)).mul(d1).sub(m1).intoArray(out, o + l);
                    Simd.toFloats(q.lanewise(VectorOperators.ASHR, 4).and(0xF)).mul(d2).sub(m2).intoArray(out, o + 32 + l);
                }
            }
        }
    }

    @Override
    protected void dequantizeBlockReference(long offset, float[] out, int outOffset) {
        float d = Simd.fp16(data, offset), dmin = Simd.fp16(data, offset + 2);
        long slo = KScales.lo(data, offset + 4);
        int shi = KScales.hi(data, offset + 4);
        for (int c = 0; c < 4; c++) {
            int sm1 = KScales.scaleMinK4(slo, shi, 2 * c), sm2 = KScales.scaleMinK4(slo, shi, 2 * c + 1);
            float d1 = d * (sm1 & 0xFF), m1 = dmin * (sm1 >> 8), d2 = d * (sm2 & 0xFF), m2 = dmin * (sm2 >> 8);
            for (int l = 0; l < 32; l++) {
                int q = Simd.u8(data, offset + 16 + 32 * c + l);
                out[outOffset + 64 * c + l] = d1 * (q & 0xF) - m1;
                out[outOffset + 64 * c + 32 + l] = d2 * (q >> 4) - m2;
            }
        }
    }

    static void randomBlock(RandomGenerator random, float scale, MemorySegment dst, long offset) {
        dst.set(SHORT, offset, Rounding.randomScale(random, scale, 63 * 15));
        dst.set(SHORT, offset + 2, Rounding.randomScale(random, scale, 63 * 8));
        for (int i = 4; i < BYTES; i++) dst.set(ValueLayout.JAVA_BYTE, offset + i, (byte) random.nextInt(256));
    }
}
