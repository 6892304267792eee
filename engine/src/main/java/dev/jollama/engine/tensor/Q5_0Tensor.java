package dev.jollama.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.random.RandomGenerator;

import static dev.jollama.engine.tensor.Simd.F;
import static dev.jollama.engine.tensor.Simd.INT;
import static dev.jollama.engine.tensor.Simd.L;
import static dev.jollama.engine.tensor.Simd.SHORT;

/**
 * Q5_0: blocks of 32 weights, {@code d (fp16), qh (u32), qs[16]}: Q4_0's nibbles plus a fifth bit, bit j of qh for
 * weight j; weight = d * (q - 16).
 */
public final class Q5_0Tensor extends WeightTensor {
    static final TypeSupport SUPPORT = new TypeSupport(GgmlType.Q5_0, Q5_0Tensor::new, Q5_0Tensor::randomBlock, Q5_0Tensor::quantizeBlock);
    private static final int BYTES = 22;

    public Q5_0Tensor(MemorySegment data, int rows, int cols) {
        super(GgmlType.Q5_0, InputRounding.Q8_0, data, rows, cols);
    }

    @Override
    protected void dequantize(long offset, int blocks, float[] out, int outOffset) {
        for (int b = 0; b < blocks; b++, offset += BYTES, outOffset += 32) {
            FloatVector d = FloatVector.broadcast(F, Simd.fp16(data, offset));
            IntVector qh = IntVector.broadcast(Simd.I, data.get(INT, offset + 2));
            for (int j = 0; j < 16; j += L) {
                IntVector q = Simd.bytesToInts(data, offset + 6 + j);
                IntVector hi0 = qh.lanewise(VectorOperators.LSHR, Simd.IOTA.add(j)).and(1).lanewise(VectorOperators.LSHL, 4);
                IntVector hi1 = qh.lanewise(VectorOperators.LSHR, Simd.IOTA.add(j + 16)).and(1).lanewise(VectorOperators.LSHL, 4);
                Simd.toFloats(q.and(0xF).or(hi0).sub(16)).mul(d).intoArray(out, outOffset + j);
                Simd.toFloats(q.lanewise(VectorOperators.ASHR, 4).and(0xF).or(hi1).sub(16)).mul(d).intoArray(out, outOffset + 16 + j);
            }
        }
    }

    @Override
    protected void dequantizeBlockReference(long offset, float[] out, int outOffset) {
        float d = Simd.fp16(data, offset);
        int qh = data.get(INT, offset + 2);
        for (int j = 0; j < 16; j++) {
            int q = Simd.u8(data, offset + 6 + j);
            out[outOffset + j] = (((q & 0xF) | ((qh >>> j) & 1) << 4) - 16) * d;
            out[outOffset + j + 16] = (((q >> 4) | ((qh >>> (j + 16)) & 1) << 4) - 16) * d;
        }
    }

    static void randomBlock(RandomGenerator random, float scale, MemorySegment dst, long offset) {
        dst.set(SHORT, offset, Rounding.randomScale(random, scale, 16));
        dst.set(INT, offset + 2, random.nextInt());
        for (int j = 0; j < 16; j++) dst.set(ValueLayout.JAVA_BYTE, offset + 6 + j, (byte) random.nextInt(256));
    }

    /** As llama.cpp's quantize_row_q5_0_ref: the value of largest magnitude maps to -16, d = max / -16. */
    static void quantizeBlock(float[] in, int from, MemorySegment dst, long offset) {
        float amax = 0, max = 0;
        for (int j = 0; j < 32; j++) {
            float v = in[from + j];
            if (amax < Math.abs(v)) {
                amax = Math.abs(v);
                max = v;
            }
        }
        float d = max / -16, id = d != 0 ? 1 / d : 0;
        dst.set(SHORT, offset, Float.floatToFloat16(d));
        int qh = 0;
        for (int j = 0; j < 16; j++) {
            int lo = Math.min(31, (int) (in[from + j] * id + 16.5f));
            int hi = Math.min(31, (int) (in[from + 16 + j] * id + 16.5f));
            dst.set(ValueLayout.JAVA_BYTE, offset + 6 + j, (byte) ((lo & 0xF) | (hi & 0xF) << 4));
            qh |= (lo >> 4 & 1) << j | (hi >> 4 & 1) << (j + 16);
        }
        dst.set(INT, offset + 2, qh);
    }
}
