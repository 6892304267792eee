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

/** Q4_1: blocks of 32 weights, {@code d (fp16), m (fp16), qs[16]} with Q4_0's nibble order; weight = q * d + m. */
public final class Q4_1Tensor extends WeightTensor {
    static final TypeSupport SUPPORT = new TypeSupport(GgmlType.Q4_1, Q4_1Tensor::new, Q4_1Tensor::randomBlock, null);
    private static final int BYTES = 20;

    public Q4_1Tensor(MemorySegment data, int rows, int cols) {
        super(GgmlType.Q4_1, InputRounding.Q8_0, data, rows, cols);
    }

    @Override
    protected void dequantize(long offset, int blocks, float[] out, int outOffset) {
        for (int b = 0; b < blocks; b++, offset += BYTES, outOffset += 32) {
            FloatVector d = FloatVector.broadcast(F, Simd.fp16(data, offset)), m = FloatVector.broadcast(F, Simd.fp16(data, offset + 2));
            for (int j = 0; j < 16; j += L) {
                IntVector q = Simd.bytesToInts(data, offset + 4 + j);
                Simd.toFloats(q.and(0xF)).mul(d).add(m).intoArray(out, outOffset + j);
                Simd.toFloats(q.lanewise(VectorOperators.ASHR, 4).and(0xF)).mul(d).add(m).intoArray(out, outOffset + 16 + j);
            }
        }
    }

    @Override
    protected void dequantizeBlockReference(long offset, float[] out, int outOffset) {
        float d = Simd.fp16(data, offset), m = Simd.fp16(data, offset + 2);
        for (int j = 0; j < 16; j++) {
            int q = Simd.u8(data, offset + 4 + j);
            out[outOffset + j] = (q & 0xF) * d + m;
            out[outOffset + j + 16] = (q >> 4) * d + m;
        }
    }

    static void randomBlock(RandomGenerator random, float scale, MemorySegment dst, long offset) {
        short d = Rounding.randomScale(random, scale, 8);
        dst.set(SHORT, offset, d);
        dst.set(SHORT, offset + 2, Float.floatToFloat16(-7.5f * Float.float16ToFloat(d) * (0.5f + random.nextFloat())));
        for (int j = 0; j < 16; j++) dst.set(ValueLayout.JAVA_BYTE, offset + 4 + j, (byte) random.nextInt(256));
    }
}
