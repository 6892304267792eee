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

    /**
     * The input layout of the integer dot. The kernel loads ql as two vectors of 16 ints (64 bytes, one per half hh)
     * and qh as one; nibble position 2m + k of lane i of half hh is the weight 128hh + 64k + j for byte j = 4i + m,
     * whose two top bits sit in qh byte 32hh + (j mod 32). Its input is
     * stored at 128hh + 32m + 16k + i of the super-block. Sums: per super-block 16 floats, -32 times the input sum of
     * each 16-sub-block (the levels are stored as q + 32).
     */
    static final Q8Input INPUT = new Q8Input(InputRounding.Q8_K, planeOrder(), 16, Q6_KTensor::offsetSums);
    /** Per half: qh's 8 lanes of that half in both halves of the vector. */
    private static final VectorShuffle<Integer>[] HIGH_BITS;
    /** The top bits of lanes 8-15 (weights 32-63 of their 64) sit 2 bits up in their qh byte. */
    private static final IntVector HIGH_SHIFT;
    /** Per half hh and nibble k: which of the 16 scales each lane takes. */
    private static final VectorShuffle<Float>[] SCALES;

    /** The weight at nibble 2m + k of lane i in half hh: byte j = 4i + m of ql[64hh ..) holds 128hh + j and 128hh + 64 + j. */
    static int weight(int hh, int m, int k, int i) {
        return 128 * hh + 64 * k + 4 * i + m;
    }

    static int[] planeOrder() {
        int[] order = new int[256];
        for (int hh = 0; hh < 2; hh++) {
            for (int m = 0; m < 4; m++) {
                for (int k = 0; k < 2; k++) {
                    for (int i = 0; i < 16; i++) order[128 * hh + 32 * m + 16 * k + i] = weight(hh, m, k, i);
                }
            }
        }
        return order;
    }

    static {
        if (Simd.WIDE) {
            int[] shift = new int[16];
            for (int i = 0; i < 16; i++) shift[i] = i < 8 ? 0 : 2;
            HIGH_SHIFT = IntVector.fromArray(Simd.I, shift, 0);
            @SuppressWarnings("unchecked") VectorShuffle<Integer>[] high = new VectorShuffle[2];
            @SuppressWarnings("unchecked") VectorShuffle<Float>[] scales = new VectorShuffle[4];
            for (int hh = 0; hh < 2; hh++) {
                int[] lanes = new int[16];
                for (int i = 0; i < 16; i++) lanes[i] = 8 * hh + i % 8;
                high[hh] = VectorShuffle.fromArray(Simd.I, lanes, 0);
                for (int k = 0; k < 2; k++) {
                    int[] sub = new int[16];
                    for (int i = 0; i < 16; i++) sub[i] = weight(hh, 0, k, i) / 16;
                    scales[2 * hh + k] = VectorShuffle.fromArray(F, sub, 0);
                }
            }
            HIGH_BITS = high;
            SCALES = scales;
        } else {
            HIGH_BITS = null;
            HIGH_SHIFT = null;
            SCALES = null;
        }
    }

    static void offsetSums(byte[] q, int from, float d, float[] sums, int to) {
        for (int j = 0; j < 16; j++) {
            int sum = 0;
            for (int l = 0; l < 16; l++) sum += q[from + 16 * j + l];
            sums[to + j] = -32 * d * sum;
        }
    }

    /**
     * On 16-lane vectors, this matrix in {@link Q6_KLanesTensor}'s layout (the same bytes per super-block, moved within
     * it): into new memory from {@code memory}, or over this matrix's bytes when it is null.
     */
    @Override
    public WeightTensor repacked(SegmentAllocator memory, Workers workers) {
        if (!Simd.WIDE || rows == 0) return this;
        int rowBytes = (int) rowBytes(), blocks = blocksPerRow();
        MemorySegment copy = RepackedRows.of(this, memory, workers, (src, dst) -> {
            byte[] in = new byte[rowBytes], out = new byte[rowBytes];
            return (from, to) -> {
                for (int r = from; r < to; r++) {
                    MemorySegment.copy(src, ValueLayout.JAVA_BYTE, (long) r * rowBytes, in, 0, rowBytes);
                    Q6_KLanesTensor.repackRow(in, out, blocks);
                    MemorySegment.copy(out, 0, dst, ValueLayout.JAVA_BYTE, (long) r * rowBytes, rowBytes);
                }
            };
        });
        return new Q6_KLanesTensor(copy, rows, cols);
    }

    @Override
    Q8Input q8Input() {
        return Simd.WIDE ? INPUT : null;
    }

    // As Q4_KTensor.dot: per plane the 6-bit level is put together from its nibble and its two top bits in integers and
    // multiplied with the int8 inputs; the -32 offset meets the input sums once per super-block.
    @Override
    float dot(long offset, int blocks, byte[] q, float[] xd, float[] sums, int xBlock) {
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), am = FloatVector.zero(F);
        for (int b = 0; b < blocks; b++) {
            long o = offset + (long) b * BYTES;
            int xb = xBlock + b;
            FloatVector sv = Simd.bytesToFloats(data, o + 192).mul(Simd.fp16(data, o + 208));
            am = sv.fma(FloatVector.fromArray(F, sums, 16 * xb), am);
            sv = sv.mul(xd[xb]);
            IntVector qh = IntVector.fromMemorySegment(Simd.I, data, o + 128, Simd.LE);
            for (int hh = 0; hh < 2; hh++) {
                IntVector ql = IntVector.fromMemorySegment(Simd.I, data, o + 64 * hh, Simd.LE);
                IntVector high = qh.rearrange(HIGH_BITS[hh]).lanewise(VectorOperators.LSHR, HIGH_SHIFT);
                IntVector p0 = IntVector.zero(Simd.I), p1 = IntVector.zero(Simd.I);
                int xo = 256 * xb + 128 * hh;
                for (int m = 0; m < 4; m++) {
                    IntVector w = ql.lanewise(VectorOperators.LSHR, 8 * m), h = high.lanewise(VectorOperators.LSHR, 8 * m);
                    p0 = w.and(0xF).or(h.lanewise(VectorOperators.LSHL, 4).and(0x30)).mul(Simd.bytesToInts(q, xo + 32 * m)).add(p0);
                    p1 = w.lanewise(VectorOperators.LSHR, 4).and(0xF).or(h.and(0x30)).mul(Simd.bytesToInts(q, xo + 32 * m + 16)).add(p1);
                }
                a0 = Simd.toFloats(p0).fma(sv.rearrange(SCALES[2 * hh]), a0);
                a1 = Simd.toFloats(p1).fma(sv.rearrange(SCALES[2 * hh + 1]), a1);
            }
        }
        return a0.add(a1).add(am).reduceLanes(VectorOperators.ADD);
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
