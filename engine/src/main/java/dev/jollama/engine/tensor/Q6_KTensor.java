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
 * Q6_K: super-blocks of 256 weights, {@code ql[128], qh[64], scales[16] (int8), d (fp16)}. In each half h, for
 * l in [0, 32): ql[64h + l] holds weights 128h + l (low nibble) and 128h + 64 + l (high), ql[64h + 32 + l] weights
 * 128h + 32 + l and 128h + 96 + l; qh[32h + l] holds their top two bits, two by two from bit 0. Sub-blocks of 16
 * have an 8-bit scale: weight = d * scale * (q - 32).
 */
public final class Q6_KTensor extends WeightTensor {
    static final TypeSupport SUPPORT = new TypeSupport(GgmlType.Q6_K, Q6_KTensor::new, Q6_KTensor::randomBlock, KQuantizer::quantizeQ6K);
    private static final int BYTES = 210;

    public Q6_KTensor(MemorySegment data, int rows, int cols) {
        super(GgmlType.Q6_K, InputRounding.Q8_K, data, rows, cols);
    }

    @Override
    protected float dot(long offset, float[] x, int xOffset) {
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0, blocks = cols / 256; b < blocks; b++) acc = superBlock(offset + (long) b * BYTES, x, xOffset + b * 256, acc);
        return acc.reduceLanes(VectorOperators.ADD);
    }

    private FloatVector superBlock(long offset, float[] x, int xOffset, FloatVector acc) {
        float d = Simd.fp16(data, offset + 208);
        for (int h = 0; h < 2; h++) {
            for (int l = 0; l < 32; l += L) {
                long sc = offset + 192 + 8 * h + l / 16;
                IntVector a = Simd.bytesToInts(data, offset + 64 * h + l), b = Simd.bytesToInts(data, offset + 64 * h + 32 + l);
                IntVector hb = Simd.bytesToInts(data, offset + 128 + 32 * h + l);
                int xo = xOffset + 128 * h + l;
                acc = weights(a.and(0xF), hb, 0, d, sc).fma(FloatVector.fromArray(F, x, xo), acc);
                acc = weights(b.and(0xF), hb, 2, d, sc + 2).fma(FloatVector.fromArray(F, x, xo + 32), acc);
                acc = weights(a.lanewise(VectorOperators.ASHR, 4).and(0xF), hb, 4, d, sc + 4).fma(FloatVector.fromArray(F, x, xo + 64), acc);
                acc = weights(b.lanewise(VectorOperators.ASHR, 4).and(0xF), hb, 6, d, sc + 6).fma(FloatVector.fromArray(F, x, xo + 96), acc);
            }
        }
        return acc;
    }

    /** Weights from low nibbles, the top bits at {@code shift} of hb, and the int8 scale at byte {@code scale}. */
    private FloatVector weights(IntVector low, IntVector hb, int shift, float d, long scale) {
        IntVector q = low.or(hb.lanewise(VectorOperators.ASHR, shift).and(3).lanewise(VectorOperators.LSHL, 4)).sub(32);
        return Simd.toFloats(q).mul(d * data.get(ValueLayout.JAVA_BYTE, scale));
    }

    @Override
    protected void dequantize(long offset, int blocks, float[] out, int outOffset) {
        for (int blk = 0; blk < blocks; blk++, offset += BYTES, outOffset += 256) {
            float d = Simd.fp16(data, offset + 208);
            for (int h = 0; h < 2; h++) {
                for (int l = 0; l < 32; l += L) {
                    long sc = offset + 192 + 8 * h + l / 16;
                    IntVector a = Simd.bytesToInts(data, offset + 64 * h + l), b = Simd.bytesToInts(data, offset + 64 * h + 32 + l);
                    IntVector hb = Simd.bytesToInts(data, offset + 128 + 32 * h + l);
                    int o = outOffset + 128 * h + l;
                    weights(a.and(0xF), hb, 0, d, sc).intoArray(out, o);
                    weights(b.and(0xF), hb, 2, d, sc + 2).intoArray(out, o + 32);
                    weights(a.lanewise(VectorOperators.ASHR, 4).and(0xF), hb, 4, d, sc + 4).intoArray(out, o + 64);
                    weights(b.lanewise(VectorOperators.ASHR, 4).and(0xF), hb, 6, d, sc + 6).intoArray(out, o + 96);
                }
            }
        }
    }

    @Override
    protected void dequantizeBlockReference(long offset, float[] out, int outOffset) {
        float d = Simd.fp16(data, offset + 208);
        for (int h = 0; h < 2; h++) {
            for (int l = 0; l < 32; l++) {
                long sc = offset + 192 + 8 * h + l / 16;
                int a = Simd.u8(data, offset + 64 * h + l), b = Simd.u8(data, offset + 64 * h + 32 + l);
                int hb = Simd.u8(data, offset + 128 + 32 * h + l);
                int o = outOffset + 128 * h + l;
                out[o] = d * data.get(ValueLayout.JAVA_BYTE, sc) * (((a & 0xF) | (hb & 3) << 4) - 32);
                out[o + 32] = d * data.get(ValueLayout.JAVA_BYTE, sc + 2) * (((b & 0xF) | (hb >> 2 & 3) << 4) - 32);
                out[o + 64] = d * data.get(ValueLayout.JAVA_BYTE, sc + 4) * (((a >> 4) | (hb >> 4 & 3) << 4) - 32);
                out[o + 96] = d * data.get(ValueLayout.JAVA_BYTE, sc + 6) * (((b >> 4) | (hb >> 6 & 3) << 4) - 32);
            }
        }
    }

    static void randomBlock(RandomGenerator random, float scale, MemorySegment dst, long offset) {
        for (int i = 0; i < 208; i++) dst.set(ValueLayout.JAVA_BYTE, offset + i, (byte) random.nextInt(256));
        dst.set(SHORT, offset + 208, Rounding.randomScale(random, scale, 128 * 32));
    }
}
