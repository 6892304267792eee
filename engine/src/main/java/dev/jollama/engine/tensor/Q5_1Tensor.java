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

/** Q5_1: blocks of 32 weights, {@code d (fp16), m (fp16), qh (u32), qs[16]} laid out as Q5_0; weight = q * d + m. */
public final class Q5_1Tensor extends WeightTensor {
    static final TypeSupport SUPPORT = new TypeSupport(GgmlType.Q5_1, Q5_1Tensor::new, Q5_1Tensor::randomBlock, Q5_1Tensor::quantizeBlock);
    private static final int BYTES = 24;

    public Q5_1Tensor(MemorySegment data, int rows, int cols) {
        super(GgmlType.Q5_1, InputRounding.Q8_0, data, rows, cols);
    }

    @Override
    protected void dequantize(long offset, int blocks, float[] out, int outOffset) {
        for (int b = 0; b < blocks; b++, offset += BYTES, outOffset += 32) {
            FloatVector d = FloatVector.broadcast(F, Simd.fp16(data, offset)), m = FloatVector.broadcast(F, Simd.fp16(data, offset + 2));
            IntVector qh = IntVector.broadcast(Simd.I, data.get(INT, offset + 4));
            for (int j = 0; j < 16; j += L) {
                IntVector q = Simd.bytesToInts(data, offset + 8 + j);
                IntVector hi0 = qh.lanewise(VectorOperators.LSHR, Simd.IOTA.add(j)).and(1).lanewise(VectorOperators.LSHL, 4);
                IntVector hi1 = qh.lanewise(VectorOperators.LSHR, Simd.IOTA.add(j + 16)).and(1).lanewise(VectorOperators.LSHL, 4);
                Simd.toFloats(q.and(0xF).or(hi0)).mul(d).add(m).intoArray(out, outOffset + j);
                Simd.toFloats(q.lanewise(VectorOperators.ASHR, 4).and(0xF).or(hi1)).mul(d).add(m).intoArray(out, outOffset + 16 + j);
            }
        }
    }

    @Override
    protected void dequantizeBlockReference(long offset, float[] out, int outOffset) {
        float d = Simd.fp16(data, offset), m = Simd.fp16(data, offset + 2);
        int qh = data.get(INT, offset + 4);
        for (int j = 0; j < 16; j++) {
            int q = Simd.u8(data, offset + 8 + j);
            out[outOffset + j] = ((q & 0xF) | ((qh >>> j) & 1) << 4) * d + m;
            out[outOffset + j + 16] = ((q >> 4) | ((qh >>> (j + 16)) & 1) << 4) * d + m;
        }
    }

    static void randomBlock(RandomGenerator random, float scale, MemorySegment dst, long offset) {
        short d = Rounding.randomScale(random, scale, 16);
        dst.set(SHORT, offset, d);
        dst.set(SHORT, offset + 2, Float.floatToFloat16(-15.5f * Float.float16ToFloat(d) * (0.5f + random.nextFloat())));
        dst.set(INT, offset + 4, random.nextInt());
        for (int j = 0; j < 16; j++) dst.set(ValueLayout.JAVA_BYTE, offset + 8 + j, (byte) random.nextInt(256));
    }

    /** As llama.cpp's quantize_row_q5_1_ref: m = the minimum, d = (max - min) / 31, q = (x - m) / d rounded half up. */
    static void quantizeBlock(float[] in, int from, MemorySegment dst, long offset) {
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (int j = 0; j < 32; j++) {
            float v = in[from + j];
            if (v < min) min = v;
            if (v > max) max = v;
        }
        float d = (max - min) / 31, id = d != 0 ? 1 / d : 0;
        dst.set(SHORT, offset, Float.floatToFloat16(d));
        dst.set(SHORT, offset + 2, Float.floatToFloat16(min));
        int qh = 0;
        for (int j = 0; j < 16; j++) {
            int lo = (int) ((in[from + j] - min) * id + 0.5f);
            int hi = (int) ((in[from + 16 + j] - min) * id + 0.5f);
            dst.set(ValueLayout.JAVA_BYTE, offset + 8 + j, (byte) ((lo & 0xF) | (hi & 0xF) << 4));
            qh |= (lo >> 4 & 1) << j | (hi >> 4 & 1) << (j + 16);
        }
        dst.set(INT, offset + 4, qh);
    }
}
