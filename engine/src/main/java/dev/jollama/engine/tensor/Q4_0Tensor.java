package dev.jollama.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.random.RandomGenerator;

import static dev.jollama.engine.tensor.Simd.F;
import static dev.jollama.engine.tensor.Simd.L;
import static dev.jollama.engine.tensor.Simd.SHORT;

/**
 * Q4_0: blocks of 32 weights, {@code d (fp16), qs[16]}; byte j holds weight j in its low nibble and weight j + 16
 * in its high nibble; weight = d * (q - 8).
 */
public final class Q4_0Tensor extends WeightTensor {
    static final TypeSupport SUPPORT = new TypeSupport(GgmlType.Q4_0, Q4_0Tensor::new, Q4_0Tensor::randomBlock, Q4_0Tensor::quantizeBlock);
    private static final int BYTES = 18;

    public Q4_0Tensor(MemorySegment data, int rows, int cols) {
        super(GgmlType.Q4_0, InputRounding.Q8_0, data, rows, cols);
    }

    /**
     * With 16-lane vectors: this matrix in {@link Q4_0GroupedTensor}'s layout, which decodes about 1.7x as fast per
     * thread. With no {@code memory}, the repacked rows replace this matrix's bytes (which must be writable), and this
     * matrix must not be used afterwards.
     */
    @Override
    public WeightTensor repacked(SegmentAllocator memory, Workers workers) {
        if (!Simd.WIDE || rows == 0) return this;
        int rowBytes = (int) rowBytes(), blocks = blocksPerRow();
        MemorySegment copy = RepackedRows.of(this, memory, workers, (src, dst) -> {
            short[] in = new short[rowBytes / 2], out = new short[rowBytes / 2];
            return (from, to) -> {
                for (int r = from; r < to; r++) {
                    MemorySegment.copy(src, SHORT, (long) r * rowBytes, in, 0, in.length);
                    Q4_0GroupedTensor.repackRow(in, out, blocks);
                    MemorySegment.copy(out, 0, dst, SHORT, (long) r * rowBytes, out.length);
                }
            };
        });
        return new Q4_0GroupedTensor(copy, rows, cols);
    }

    @Override
    Q8Input q8Input() {
        return Simd.WIDE ? Q8_0Tensor.INPUT : null; // the kernel takes a block's 16 bytes as one vector
    }

    // Two blocks per iteration into two accumulators; each block's 32 products of the signed levels (q - 8) with the
    // int8 inputs summed exactly in ints, then scaled once. (Subtracting 8 in the vector measured 2-4% faster than
    // carrying it through per-block input sums.) As Q8_0Tensor.dot: all in one method, offsets derived from the
    // block index.
    @Override
    float dot(long offset, int blocks, byte[] q, float[] xd, float[] sums, int xBlock) {
        FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
        int pairs = blocks / 2;
        for (int b = 0; b < pairs; b++) {
            long o = offset + (long) (2 * b) * BYTES;
            int xb = xBlock + 2 * b, xo = 32 * xb;
            IntVector w0 = Simd.u8ToInts(data, o + 2), w1 = Simd.u8ToInts(data, o + 2 + BYTES);
            IntVector p0 = w0.and(0xF).sub(8).mul(Simd.bytesToInts(q, xo)), p1 = w1.and(0xF).sub(8).mul(Simd.bytesToInts(q, xo + 32));
            p0 = w0.lanewise(VectorOperators.LSHR, 4).sub(8).mul(Simd.bytesToInts(q, xo + 16)).add(p0);
            p1 = w1.lanewise(VectorOperators.LSHR, 4).sub(8).mul(Simd.bytesToInts(q, xo + 48)).add(p1);
            acc0 = Simd.toFloats(p0).fma(FloatVector.broadcast(F, Simd.fp16(data, o) * xd[xb]), acc0);
            acc1 = Simd.toFloats(p1).fma(FloatVector.broadcast(F, Simd.fp16(data, o + BYTES) * xd[xb + 1]), acc1);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        return blocks % 2 == 0 ? sum : sum + blockDotReference(offset + (long) (blocks - 1) * BYTES, q, xd, xBlock + blocks - 1);
    }

    @Override
    protected void dequantize(long offset, int blocks, float[] out, int outOffset) {
        for (int b = 0; b < blocks; b++, offset += BYTES, outOffset += 32) {
            FloatVector d = FloatVector.broadcast(F, Simd.fp16(data, offset));
            for (int j = 0; j < 16; j += L) {
                IntVector q = Simd.bytesToInts(data, offset + 2 + j);
                Simd.toFloats(q.and(0xF).sub(8)).mul(d).intoArray(out, outOffset + j);
                Simd.toFloats(q.lanewise(VectorOperators.ASHR, 4).and(0xF).sub(8)).mul(d).intoArray(out, outOffset + 16 + j);
            }
        }
    }

    @Override
    protected void dequantizeBlockReference(long offset, float[] out, int outOffset) {
        float d = Simd.fp16(data, offset);
        for (int j = 0; j < 16; j++) {
            int q = data.get(ValueLayout.JAVA_BYTE, offset + 2 + j) & 0xFF;
            out[outOffset + j] = ((q & 0xF) - 8) * d;
            out[outOffset + j + 16] = ((q >> 4) - 8) * d;
        }
    }

    static void randomBlock(RandomGenerator random, float scale, MemorySegment dst, long offset) {
        dst.set(SHORT, offset, Rounding.randomScale(random, scale, 8));
        for (int j = 0; j < 16; j++) dst.set(ValueLayout.JAVA_BYTE, offset + 2 + j, (byte) random.nextInt(256));
    }

    /** As llama.cpp's quantize_row_q4_0_ref: the value of largest magnitude maps to -8, d = max / -8. */
    static void quantizeBlock(float[] in, int from, MemorySegment dst, long offset) {
        float amax = 0, max = 0;
        for (int j = 0; j < 32; j++) {
            float v = in[from + j];
            if (amax < Math.abs(v)) {
                amax = Math.abs(v);
                max = v;
            }
        }
        float d = max / -8, id = d != 0 ? 1 / d : 0;
        dst.set(SHORT, offset, Float.floatToFloat16(d));
        for (int j = 0; j < 16; j++) {
            int lo = Math.min(15, (int) (in[from + j] * id + 8.5f));
            int hi = Math.min(15, (int) (in[from + 16 + j] * id + 8.5f));
            dst.set(ValueLayout.JAVA_BYTE, offset + 2 + j, (byte) (lo | hi << 4));
        }
    }
}
