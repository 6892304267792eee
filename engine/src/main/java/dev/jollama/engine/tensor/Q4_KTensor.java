package dev.jollama.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
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

    /**
     * The input layout of the integer dot. The kernel loads the 128 quant bytes as two vectors of 16 ints (64 bytes
     * each); nibble position 2m + h of lane i of vector u holds the weight 64c + 32h + l, with byte 64u + 4i + m =
     * 32c + l. That weight's input is stored at 128u + 32m + 16h + i of its super-block, so that each nibble position
     * is one vector of 16 weights meeting 16 consecutive inputs. Lanes 0-7 belong to sub-block 4u + h, lanes 8-15 to
     * 4u + 2 + h. Sums: per super-block 16 floats, lanes 8-15 the input sums of the eight 32-sub-blocks (for the
     * mins), lanes 0-7 zero.
     */
    static final Q8Input INPUT = new Q8Input(InputRounding.Q8_K, planeOrder(), 16, Q4_KTensor::minSums);
    /** Per vector u and nibble h: which of the 16 decoded scales each lane takes (sub-block 4u + h or 4u + 2 + h). */
    private static final VectorShuffle<Float>[] SCALES = scaleShuffles();

    static int[] planeOrder() {
        int[] order = new int[256];
        for (int u = 0; u < 2; u++) {
            for (int m = 0; m < 4; m++) {
                for (int h = 0; h < 2; h++) {
                    for (int i = 0; i < 16; i++) {
                        int c = 2 * u + i / 8, l = 4 * (i % 8) + m;
                        order[128 * u + 32 * m + 16 * h + i] = 64 * c + 32 * h + l;
                    }
                }
            }
        }
        return order;
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] scaleShuffles() {
        if (!Simd.WIDE) return null;
        VectorShuffle<Float>[] shuffles = new VectorShuffle[4];
        for (int u = 0; u < 2; u++) {
            for (int h = 0; h < 2; h++) {
                int[] lanes = new int[16];
                for (int i = 0; i < 16; i++) lanes[i] = 4 * u + 2 * (i / 8) + h;
                shuffles[2 * u + h] = VectorShuffle.fromArray(F, lanes, 0);
            }
        }
        return shuffles;
    }

    static void minSums(byte[] q, int from, float d, float[] sums, int to) {
        for (int j = 0; j < 8; j++) {
            int sum = 0;
            for (int l = 0; l < 32; l++) sum += q[from + 32 * j + l];
            sums[to + j] = 0;
            sums[to + 8 + j] = d * sum;
        }
    }

    @Override
    Q8Input q8Input() {
        return Simd.WIDE ? INPUT : null;
    }

    // Per super-block: the decoded scales (times d) and mins (times -dmin) in one vector; the mins meet the input sums
    // in one FMA; each 16-weight nibble plane is masked out of the int vector and multiplied with its 16 int8 inputs
    // in integers (exact, as llama.cpp's), summed over the four planes of a sub-block pair and then scaled in float.
    // Loops rather than unrolled code: C2 unrolls them itself, and fewer Vector API call sites stay under its
    // inlining budget (NodeCountInliningCutoff, see docs/kernels.md).
    @Override
    float dot(long offset, int blocks, byte[] q, float[] xd, float[] sums, int xBlock) {
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), am = FloatVector.zero(F);
        for (int b = 0; b < blocks; b++) {
            long o = offset + (long) b * BYTES;
            int xb = xBlock + b;
            FloatVector sv = KScales.k4(data, o + 4, Simd.fp16(data, o), -Simd.fp16(data, o + 2));
            am = sv.fma(FloatVector.fromArray(F, sums, 16 * xb), am);
            sv = sv.mul(xd[xb]);
            for (int u = 0; u < 2; u++) {
                IntVector v = IntVector.fromMemorySegment(Simd.I, data, o + 16 + 64 * u, Simd.LE);
                IntVector p0 = IntVector.zero(Simd.I), p1 = IntVector.zero(Simd.I);
                int xo = 256 * xb + 128 * u;
                for (int m = 0; m < 4; m++) {
                    IntVector w = v.lanewise(VectorOperators.LSHR, 8 * m);
                    p0 = w.and(0xF).mul(Simd.bytesToInts(q, xo + 32 * m)).add(p0);
                    p1 = w.lanewise(VectorOperators.LSHR, 4).and(0xF).mul(Simd.bytesToInts(q, xo + 32 * m + 16)).add(p1);
                }
                a0 = Simd.toFloats(p0).fma(sv.rearrange(SCALES[2 * u]), a0);
                a1 = Simd.toFloats(p1).fma(sv.rearrange(SCALES[2 * u + 1]), a1);
            }
        }
        return a0.add(a1).add(am).reduceLanes(VectorOperators.ADD);
    }

    /**
     * With 16-lane vectors: this matrix in {@link Q4_KGroupedTensor}'s layout, which decodes faster per thread. With no
     * {@code memory}, the repacked rows replace this matrix's bytes (which must be writable), and this matrix must not
     * be used afterwards.
     */
    @Override
    public WeightTensor repacked(SegmentAllocator memory, Workers workers) {
        if (!Simd.WIDE || rows == 0) return this;
        int rowBytes = (int) rowBytes(), blocks = blocksPerRow();
        MemorySegment copy = RepackedRows.of(this, memory, workers, (src, dst) -> {
            long[] in = new long[rowBytes / 8], out = new long[rowBytes / 8];
            return (from, to) -> {
                for (int r = from; r < to; r++) {
                    MemorySegment.copy(src, Simd.LONG, (long) r * rowBytes, in, 0, in.length);
                    Q4_KGroupedTensor.repackRow(in, out, blocks);
                    MemorySegment.copy(out, 0, dst, Simd.LONG, (long) r * rowBytes, out.length);
                }
            };
        });
        return new Q4_KGroupedTensor(copy, rows, cols);
    }

    @Override
    protected void dequantize(long offset, int blocks, float[] out, int outOffset) {
        dequantize(data, offset, blocks, out, outOffset);
    }

    /** {@code blocks} super-blocks in Q4_K's layout at {@code offset} into out[outOffset ..). */
    static void dequantize(MemorySegment data, long offset, int blocks, float[] out, int outOffset) {
        float[] s = new float[16];
        for (int b = 0; b < blocks; b++, offset += BYTES, outOffset += 256) {
            KScales.decodeK4(data, offset + 4, Simd.fp16(data, offset), Simd.fp16(data, offset + 2), s);
            for (int c = 0; c < 4; c++) {
                FloatVector d1 = FloatVector.broadcast(F, s[2 * c]), m1 = FloatVector.broadcast(F, s[8 + 2 * c]);
                FloatVector d2 = FloatVector.broadcast(F, s[2 * c + 1]), m2 = FloatVector.broadcast(F, s[9 + 2 * c]);
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
        dequantizeBlockReference(data, offset, out, outOffset);
    }

    static void dequantizeBlockReference(MemorySegment data, long offset, float[] out, int outOffset) {
        float d = Simd.fp16(data, offset), dmin = Simd.fp16(data, offset + 2);
        long slo = KScales.lo(data, offset + 4);
        int shi = KScales.hi(data, offset + 4);
        for (int c = 0; c < 4; c++) {
            int sm1 = KScales.scaleMinK4(slo, shi, 2 * c), sm2 = KScales.scaleMinK4(slo, shi, 2 * c + 1);
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
