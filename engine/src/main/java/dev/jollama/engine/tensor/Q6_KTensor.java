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

    // One method on purpose, see Q4_KTensor.dot; the four quarters of a half share one loop body, since C2 stops
    // inlining (and the vectors get boxed) when a method holds too many Vector API calls. The 16 sub-block scales
    // d * scale are computed with one vector multiply per super-block and broadcast from a small array.
    @Override
    protected float dot(long offset, int blocks, float[] x, int xOffset) {
        FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
        float[] s = new float[16];
        for (; blocks > 0; blocks--, offset += BYTES, xOffset += 256) {
            float d = Simd.fp16(data, offset + 208);
            for (int i = 0; i < 16; i += L) Simd.bytesToFloats(data, offset + 192 + i).mul(d).intoArray(s, i);
            for (int h = 0; h < 2; h++) {
                for (int l = 0; l < 32; l += L) {
                    IntVector a = Simd.bytesToInts(data, offset + 64 * h + l), b = Simd.bytesToInts(data, offset + 64 * h + 32 + l);
                    IntVector hb = Simd.bytesToInts(data, offset + 128 + 32 * h + l);
                    FloatVector p = FloatVector.zero(F);
                    for (int k = 0; k < 4; k++) {
                        IntVector low = ((k & 1) == 0 ? a : b).lanewise(VectorOperators.ASHR, 4 * (k >> 1)).and(0xF);
                        FloatVector w = Simd.toFloats(levels(low, hb, 2 * k)).mul(s[8 * h + l / 16 + 2 * k]);
                        p = w.fma(FloatVector.fromArray(F, x, xOffset + 128 * h + 32 * k + l), p);
                    }
                    if (h == 0) acc0 = acc0.add(p);
                    else acc1 = acc1.add(p);
                }
            }
        }
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }

    /** The signed 6-bit levels: low nibbles plus the two top bits at {@code shift} of hb, minus 32. */
    private static IntVector levels(IntVector low, IntVector hb, int shift) {
        return low.or(hb.lanewise(VectorOperators.ASHR, shift).and(3).lanewise(VectorOperators.LSHL, 4)).sub(32);
    }

    @Override
    protected void dequantize(long offset, int blocks, float[] out, int outOffset) {
        float[] s = new float[16];
        for (int blk = 0; blk < blocks; blk++, offset += BYTES, outOffset += 256) {
            float d = Simd.fp16(data, offset + 208);
            for (int i = 0; i < 16; i += L) Simd.bytesToFloats(data, offset + 192 + i).mul(d).intoArray(s, i);
            for (int h = 0; h < 2; h++) {
                for (int l = 0; l < 32; l += L) {
                    IntVector a = Simd.bytesToInts(data, offset + 64 * h + l), b = Simd.bytesToInts(data, offset + 64 * h + 32 + l);
                    IntVector hb = Simd.bytesToInts(data, offset + 128 + 32 * h + l);
                    for (int k = 0; k < 4; k++) {
                        IntVector low = ((k & 1) == 0 ? a : b).lanewise(VectorOperators.ASHR, 4 * (k >> 1)).and(0xF);
                        Simd.toFloats(levels(low, hb, 2 * k)).mul(s[8 * h + l / 16 + 2 * k]).intoArray(out, outOffset + 128 * h + 32 * k + l);
                    }
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
