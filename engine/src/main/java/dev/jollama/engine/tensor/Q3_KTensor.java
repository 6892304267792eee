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
 * Q3_K: super-blocks of 256 weights, {@code hmask[32], qs[64], scales[12], d (fp16)}. Weight 128h + 32j + 16k + l
 * has low bits 2j..2j+1 of qs[32h + 16k + l] and high bit 4h + j of hmask[16k + l]; q = low - (high ? 0 : 4);
 * sub-block 8h + 2j + k has a 6-bit scale s: weight = d * (s - 32) * q.
 */
public final class Q3_KTensor extends WeightTensor {
    static final TypeSupport SUPPORT = new TypeSupport(GgmlType.Q3_K, Q3_KTensor::new, Q3_KTensor::randomBlock, null);
    private static final int BYTES = 110;

    public Q3_KTensor(MemorySegment data, int rows, int cols) {
        super(GgmlType.Q3_K, InputRounding.Q8_K, data, rows, cols);
    }

    @Override
    protected void dequantize(long offset, int blocks, float[] out, int outOffset) {
        for (int b = 0; b < blocks; b++, offset += BYTES, outOffset += 256) {
            float d = Simd.fp16(data, offset + 108);
            long slo = KScales.lo(data, offset + 96);
            int shi = KScales.hi(data, offset + 96);
            for (int g = 0; g < 16; g++) {
                int h = g >> 3, j = (g >> 1) & 3, k = g & 1;
                FloatVector dl = FloatVector.broadcast(F, d * KScales.scaleQ3K(slo, shi, g));
                for (int l = 0; l < 16; l += L) {
                    IntVector low = Simd.bytesToInts(data, offset + 32 + 32 * h + 16 * k + l).lanewise(VectorOperators.ASHR, 2 * j).and(3);
                    IntVector high = Simd.bytesToInts(data, offset + 16 * k + l).lanewise(VectorOperators.ASHR, 4 * h + j).and(1);
                    Simd.toFloats(low.add(high.lanewise(VectorOperators.LSHL, 2)).sub(4)).mul(dl).intoArray(out, outOffset + 16 * g + l);
                }
            }
        }
    }

    @Override
    protected void dequantizeBlockReference(long offset, float[] out, int outOffset) {
        float d = Simd.fp16(data, offset + 108);
        long slo = KScales.lo(data, offset + 96);
        int shi = KScales.hi(data, offset + 96);
        for (int g = 0; g < 16; g++) {
            int h = g >> 3, j = (g >> 1) & 3, k = g & 1;
            float dl = d * KScales.scaleQ3K(slo, shi, g);
            for (int l = 0; l < 16; l++) {
                int low = (Simd.u8(data, offset + 32 + 32 * h + 16 * k + l) >> (2 * j)) & 3;
                boolean high = (Simd.u8(data, offset + 16 * k + l) & (1 << (4 * h + j))) != 0;
                out[outOffset + 16 * g + l] = dl * (low - (high ? 0 : 4));
            }
        }
    }

    static void randomBlock(RandomGenerator random, float scale, MemorySegment dst, long offset) {
        for (int i = 0; i < 108; i++) dst.set(ValueLayout.JAVA_BYTE, offset + i, (byte) random.nextInt(256));
        dst.set(SHORT, offset + 108, Rounding.randomScale(random, scale, 128));
    }
}
