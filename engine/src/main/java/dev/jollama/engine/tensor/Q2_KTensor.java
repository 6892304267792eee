package dev.jollama.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.random.RandomGenerator;

import static dev.jollama.engine.tensor.Simd.F;
import static dev.jollama.engine.tensor.Simd.L;
import static dev.jollama.engine.tensor.Simd.SHORT;

/**
 * Q2_K: super-blocks of 256 weights, {@code scales[16], qs[64], d (fp16), dmin (fp16)}. Weight
 * 128h + 32j + 16k + l is bits 2j..2j+1 of qs[32h + 16k + l]; its sub-block 8h + 2j + k has a 4-bit scale (low
 * nibble) and min (high nibble): weight = d * scale * q - dmin * min.
 */
public final class Q2_KTensor extends WeightTensor {
    static final TypeSupport SUPPORT = new TypeSupport(GgmlType.Q2_K, Q2_KTensor::new, Q2_KTensor::randomBlock, null);
    private static final int BYTES = 84;

    public Q2_KTensor(MemorySegment data, int rows, int cols) {
        super(GgmlType.Q2_K, InputRounding.Q8_K, data, rows, cols);
    }

    @Override
    protected void dequantize(long offset, int blocks, float[] out, int outOffset) {
        for (int b = 0; b < blocks; b++, offset += BYTES, outOffset += 256) {
            float d = Simd.fp16(data, offset + 80), dmin = Simd.fp16(data, offset + 82);
            for (int g = 0; g < 16; g++) {
                int h = g >> 3, j = (g >> 1) & 3, k = g & 1, sc = Simd.u8(data, offset + g);
                FloatVector dl = FloatVector.broadcast(F, d * (sc & 0xF)), ml = FloatVector.broadcast(F, dmin * (sc >> 4));
                for (int l = 0; l < 16; l += L) {
                    var q = Simd.bytesToInts(data, offset + 16 + 32 * h + 16 * k + l).lanewise(VectorOperators.ASHR, 2 * j).and(3);
                    Simd.toFloats(q).mul(dl).sub(ml).intoArray(out, outOffset + 16 * g + l);
                }
            }
        }
    }

    @Override
    protected void dequantizeBlockReference(long offset, float[] out, int outOffset) {
        float d = Simd.fp16(data, offset + 80), dmin = Simd.fp16(data, offset + 82);
        for (int g = 0; g < 16; g++) {
            int h = g >> 3, j = (g >> 1) & 3, k = g & 1, sc = Simd.u8(data, offset + g);
            float dl = d * (sc & 0xF), ml = dmin * (sc >> 4);
            for (int l = 0; l < 16; l++) {
                int q = (Simd.u8(data, offset + 16 + 32 * h + 16 * k + l) >> (2 * j)) & 3;
                out[outOffset + 16 * g + l] = dl * q - ml;
            }
        }
    }

    static void randomBlock(RandomGenerator random, float scale, MemorySegment dst, long offset) {
        for (int i = 0; i < 80; i++) dst.set(ValueLayout.JAVA_BYTE, offset + i, (byte) random.nextInt(256));
        dst.set(SHORT, offset + 80, Rounding.randomScale(random, scale, 45));
        dst.set(SHORT, offset + 82, Rounding.randomScale(random, scale, 30));
    }
}
