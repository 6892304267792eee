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

    @Override
    protected float dot(long offset, float[] x, int xOffset) {
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0, blocks = cols / 256; b < blocks; b++) acc = superBlock(offset + (long) b * BYTES, x, xOffset + b * 256, acc);
        return acc.reduceLanes(VectorOperators.ADD);
    }

    private FloatVector superBlock(long offset, float[] x, int xOffset, FloatVector acc) {
        float d = Simd.fp16(data, offset), dmin = Simd.fp16(data, offset + 2);
        for (int c = 0; c < 4; c++) {
            int sm1 = KScales.scaleMinK4(data, offset + 4, 2 * c), sm2 = KScales.scaleMinK4(data, offset + 4, 2 * c + 1);
            FloatVector d1 = FloatVector.broadcast(F, d * (sm1 & 0xFF)), m1 = FloatVector.broadcast(F, -dmin * (sm1 >> 8));
            FloatVector d2 = FloatVector.broadcast(F, d * (sm2 & 0xFF)), m2 = FloatVector.broadcast(F, -dmin * (sm2 >> 8));
            int xo = xOffset + 64 * c;
            for (int l = 0; l < 32; l += L) {
                IntVector q = Simd.bytesToInts(data, offset + 16 + 32 * c + l);
                acc = Simd.toFloats(q.and(0xF)).fma(d1, m1).fma(FloatVector.fromArray(F, x, xo + l), acc);
                acc = Simd.toFloats(q.lanewise(VectorOperators.ASHR, 4).and(0xF)).fma(d2, m2).fma(FloatVector.fromArray(F, x, xo + 32 + l), acc);
            }
        }
        return acc;
    }

    @Override
    protected void dequantize(long offset, int blocks, float[] out, int outOffset) {
        for (int b = 0; b < blocks; b++, offset += BYTES, outOffset += 256) {
            float d = Simd.fp16(data, offset), dmin = Simd.fp16(data, offset + 2);
            for (int c = 0; c < 4; c++) {
                int sm1 = KScales.scaleMinK4(data, offset + 4, 2 * c), sm2 = KScales.scaleMinK4(data, offset + 4, 2 * c + 1);
                FloatVector d1 = FloatVector.broadcast(F, d * (sm1 & 0xFF)), m1 = FloatVector.broadcast(F, dmin * (sm1 >> 8));
                FloatVector d2 = FloatVector.broadcast(F, d * (sm2 & 0xFF)), m2 = FloatVector.broadcast(F, dmin * (sm2 >> 8));
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
        for (int c = 0; c < 4; c++) {
            int sm1 = KScales.scaleMinK4(data, offset + 4, 2 * c), sm2 = KScales.scaleMinK4(data, offset + 4, 2 * c + 1);
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
