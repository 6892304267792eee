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
 * Q5_K: super-blocks of 256 weights, {@code d (fp16), dmin (fp16), scales[12], qh[32], qs[128]}: Q4_K's layout plus a
 * fifth bit per weight, bit 2c (low nibbles) or 2c + 1 (high nibbles) of qh[l]; weight = d * scale * q - dmin * min.
 */
public final class Q5_KTensor extends WeightTensor {
    static final TypeSupport SUPPORT = new TypeSupport(GgmlType.Q5_K, Q5_KTensor::new, Q5_KTensor::randomBlock, KQuantizer::quantizeQ5K);
    private static final int BYTES = 176;

    public Q5_KTensor(MemorySegment data, int rows, int cols) {
        super(GgmlType.Q5_K, InputRounding.Q8_K, data, rows, cols);
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
                    IntVector q = Simd.bytesToInts(data, offset + 48 + 32 * c + l);
                    IntVector h = Simd.bytesToInts(data, offset + 16 + l);
                    IntVector q1 = q.and(0xF).or(h.lanewise(VectorOperators.ASHR, 2 * c).and(1).lanewise(VectorOperators.LSHL, 4));
                    IntVector q2 = q.lanewise(VectorOperators.ASHR, 4).and(0xF).or(h.lanewise(VectorOperators.ASHR, 2 * c + 1).and(1).lanewise(VectorOperators.LSHL, 4));
                    Simd.toFloats(q1).mul(d1).sub(m1).intoArray(out, o + l);
                    Simd.toFloats(q2).mul(d2).sub(m2).intoArray(out, o + 32 + l);
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
                int q = Simd.u8(data, offset + 48 + 32 * c + l), h = Simd.u8(data, offset + 16 + l);
                out[outOffset + 64 * c + l] = d1 * ((q & 0xF) + ((h >> (2 * c)) & 1) * 16) - m1;
                out[outOffset + 64 * c + 32 + l] = d2 * ((q >> 4) + ((h >> (2 * c + 1)) & 1) * 16) - m2;
            }
        }
    }

    static void randomBlock(RandomGenerator random, float scale, MemorySegment dst, long offset) {
        dst.set(SHORT, offset, Rounding.randomScale(random, scale, 63 * 31));
        dst.set(SHORT, offset + 2, Rounding.randomScale(random, scale, 63 * 16));
        for (int i = 4; i < BYTES; i++) dst.set(ValueLayout.JAVA_BYTE, offset + i, (byte) random.nextInt(256));
    }
}
