package dev.jollama.engine.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;

import static dev.jollama.engine.tensor.Simd.F;
import static dev.jollama.engine.tensor.Simd.I;
import static dev.jollama.engine.tensor.Simd.INT;
import static dev.jollama.engine.tensor.Simd.LE;
import static dev.jollama.engine.tensor.Simd.LONG;

/**
 * Q4_K weights repacked at load time ({@link Q4_KTensor#repacked}) for a faster decode kernel. Each row's super-blocks
 * go 4 at a time (a group of 1024 weights, 576 bytes: exactly the 4 super-blocks' bytes); super-blocks past the last
 * whole group keep Q4_K's own 144-byte layout, so a row takes the bytes it took before. Sub-block k = 8s + j (j-th
 * 32-weight sub-block of super-block s) of a group is paired with k + 16: pair i = k for k < 16.
 *
 * <p>A group is 64 bytes of scales, then 8 chunks of 64 quant bytes. Scales: the fp16 {@code d0..d3, dmin0..dmin3}
 * of its super-blocks, then 16 words of 3 bytes, word i holding the decoded 6-bit scale and min of sub-block i in bits
 * 0-5 and 6-11 and of sub-block 16 + i in bits 12-17 and 18-23. Quants: byte 4i + m of chunk c holds weight 4c + m of
 * sub-block i in its low nibble and of sub-block 16 + i in its high nibble.
 *
 * <p>Why: the kernel reads a chunk as 32 shorts, short lanes 2i and 2i + 1 holding 4 nibbles of pair i (as
 * {@link Q4_0GroupedTensor} does with blocks): each nibble position is a vector of 32 weights with no widening,
 * multiplied in 16 bits with inputs stored as shorts in the same order ({@link #INPUT}) and summed over the group in
 * 16-bit lanes (16 products of 15 x 127 at most); low and high nibbles go to two accumulators, whose pair sums are one
 * int lane per sub-block (sub-blocks 0-15 and 16-31). The 6-bit scales need no unpacking beyond a shift and a mask,
 * and multiply the int sums in integers (exact, as llama.cpp's); the mins meet per-sub-block input sums. See
 * docs/kernels.md.
 */
final class Q4_KGroupedTensor extends WeightTensor {
    private static final int BYTES = 144;
    /** Super-blocks per group, bytes per group, values per group. */
    static final int GROUP = 4, GROUP_BYTES = GROUP * BYTES, VALUES = GROUP * 256;
    private static final VectorSpecies<Short> S32 = ShortVector.SPECIES_512;
    private static final VectorMask<Float> UPPER = VectorMask.fromLong(F, 0xFF00L);

    Q4_KGroupedTensor(MemorySegment data, int rows, int cols) {
        super(GgmlType.Q4_K, InputRounding.Q8_K, data, rows, cols);
        if (!Simd.WIDE) throw new IllegalStateException("the grouped Q4_K layout needs 16-lane vectors");
    }

    /**
     * One row of {@code blocks} Q4_K super-blocks in the file's layout, in[0 ..), into out[0 ..) in the grouped layout,
     * both as little-endian longs (a super-block is 18 of them): nibbles move 16 at a time, scales 4 at a time, cheap
     * even before C2 has compiled it (it runs once per row at load time).
     */
    static void repackRow(long[] in, long[] out, int blocks) {
        int groups = blocks / GROUP, longs = BYTES / 8, groupLongs = GROUP_BYTES / 8;
        int[] scales = new int[2 * GROUP], mins = new int[2 * GROUP];
        for (int g = 0; g < groups; g++) {
            int block = GROUP * g * longs, group = g * groupLongs;
            long d = 0, dmin = 0;
            for (int s = 0; s < GROUP; s++) {
                long head = in[block + s * longs], tail = in[block + s * longs + 1]; // d, dmin, scales[0..4); scales[4..12)
                d |= (head & 0xFFFF) << (16 * s);
                dmin |= ((head >>> 16) & 0xFFFF) << (16 * s);
                int u0 = (int) (head >>> 32), u1 = (int) tail, u2 = (int) (tail >>> 32);
                // 4 sub-blocks' 6-bit values per int, a byte each (as get_scale_min_k4)
                scales[2 * s] = u0 & 0x3F3F3F3F;
                mins[2 * s] = u1 & 0x3F3F3F3F;
                scales[2 * s + 1] = (u2 & 0x0F0F0F0F) | ((u0 >>> 6) & 0x03030303) << 4;
                mins[2 * s + 1] = ((u2 >>> 4) & 0x0F0F0F0F) | ((u1 >>> 6) & 0x03030303) << 4;
            }
            out[group] = d;
            out[group + 1] = dmin;
            long bits = 0;
            for (int i = 0, filled = 0, at = group + 2; i < 16; i++) {
                long word = sixBits(scales, i) | sixBits(mins, i) << 6 | sixBits(scales, 16 + i) << 12 | sixBits(mins, 16 + i) << 18;
                bits |= word << filled;
                filled += 24;
                if (filled >= 64) {
                    out[at++] = bits;
                    filled -= 64;
                    bits = filled == 0 ? 0 : word >>> (24 - filled);
                }
            }
            // pairs i (low nibbles: super-block s < 2) and i + 16 (high nibbles: s + 2), 8 quant bytes (2 chunks) at a time
            for (int s = 0; s < 2; s++) {
                for (int c = 0; c < 4; c++) {
                    int pair = 8 * s + 2 * c, low = block + s * longs + 2 + 4 * c, high = low + 2 * longs;
                    for (int t = 0; t < 4; t++) {
                        long a = in[low + t], b = in[high + t];
                        long even = a & 0x0F0F0F0F0F0F0F0FL | (b & 0x0F0F0F0F0F0F0F0FL) << 4; // pair 2c of s: sub-block 2c, low nibbles
                        long odd = (a >>> 4) & 0x0F0F0F0F0F0F0F0FL | b & 0xF0F0F0F0F0F0F0F0L; // pair 2c + 1: high nibbles
                        int chunk = group + 8 + 8 * (2 * t) + pair / 2; // the long of pairs (pair, pair + 1) in chunk 2t
                        out[chunk] = even & 0xFFFFFFFFL | odd << 32;
                        out[chunk + 8] = even >>> 32 | odd & 0xFFFFFFFF00000000L;
                    }
                }
            }
        }
        int tail = groups * groupLongs;
        System.arraycopy(in, tail, out, tail, blocks * longs - tail);
    }

    /** 6-bit value k (0 .. 32) of a group: byte k % 4 of packed[k / 4]. */
    private static long sixBits(int[] packed, int k) {
        return (packed[k / 4] >>> (8 * (k % 4))) & 0xFF;
    }

    /** STORED[v]: where natural value v of a group is stored among the group's 1024 shorts. */
    private static final int[] STORED = new int[VALUES];

    static {
        for (int v = 0; v < VALUES; v++) {
            int s = v / 256, c = (v % 256) / 64, h = (v % 64) / 32, l = v % 32;
            int k = 8 * s + 2 * c + h, i = k % 16, half = k / 16, m = l % 4;
            STORED[v] = 128 * (l / 4) + 32 * (2 * (m % 2) + half) + 2 * i + m / 2;
        }
    }

    /** Inputs as Q8_K blocks, also as shorts in the grouped order, with d x the sum of each 32-value sub-block. */
    static final Q8Input INPUT = new Q8Input(InputRounding.Q8_K, null, 8, (q, from, d, sums, to) -> {
        for (int j = 0; j < 8; j++) {
            int sum = 0;
            for (int l = 0; l < 32; l++) sum += q[from + 32 * j + l];
            sums[to + j] = d * sum;
        }
    }, Q4_KGroupedTensor::widen);

    /** One token row's int8 values q[from .. from + cols) into shorts at out[from ..) in the grouped order. */
    private static void widen(byte[] q, int from, int cols, short[] out) {
        int groups = cols / VALUES;
        for (int g = 0; g < groups; g++) {
            int base = from + g * VALUES;
            for (int v = 0; v < VALUES; v++) out[base + STORED[v]] = q[base + v];
        }
        for (int v = groups * VALUES; v < cols; v++) out[from + v] = q[from + v];
    }

    @Override
    Q8Input q8Input() {
        return INPUT;
    }

    private static final VectorSpecies<Byte> B64 = ByteVector.SPECIES_512;
    /** Byte lanes that spread the 16 packed 3-byte scale words of a group (bytes 16-63) over 16 ints. */
    private static final VectorShuffle<Byte> SCALE_BYTES = VectorShuffle.fromOp(B64, j -> 16 + 3 * (j / 4) + Math.min(j % 4, 2));

    /** Pair i's packed scales and mins: bits 0-5 and 6-11 for sub-block i, 12-17 and 18-23 for sub-block 16 + i. */
    private int scaleWord(long group, int i) {
        return data.get(INT, group + 16 + 3 * i) & 0xFFFFFF;
    }

    private static final ThreadLocal<int[]> INT_SUMS = ThreadLocal.withInitial(() -> new int[0]);

    // In two passes over a row, each a method of its own (one, with all the vector call sites, went past C2's
    // NodeCountInliningCutoff and boxed): the integer sums of all its groups into a small array (L1), then their
    // scales and mins.
    @Override
    float dot(long offset, int blocks, Q8Input.Packed x, int xBlock) {
        int groups = blocks / GROUP;
        int[] isums = INT_SUMS.get();
        if (isums.length < 32 * groups) INT_SUMS.set(isums = new int[32 * groups]);
        intSums(offset, groups, x.wide, 256 * xBlock, isums);
        float sum = scaled(offset, groups, isums, x.d, x.sums, xBlock);
        return groups * GROUP == blocks ? sum : sum + tailDot(offset, groups * GROUP, blocks, x, xBlock);
    }

    /** Per group, the 32 sub-blocks' sums of quant x input into isums[32g ..): sub-blocks 0-15, then 16-31. */
    private void intSums(long offset, int groups, short[] xs, int xOffset, int[] isums) {
        for (int g = 0; g < groups; g++) {
            long o = offset + (long) g * GROUP_BYTES + 64;
            int xo = xOffset + VALUES * g;
            ShortVector a0 = ShortVector.zero(S32), a1 = ShortVector.zero(S32);
            for (int c = 0; c < 8; c++) {
                ShortVector w = ShortVector.fromMemorySegment(S32, data, o + 64 * c, LE);
                int xc = xo + 128 * c;
                a0 = w.and((short) 0xF).mul(ShortVector.fromArray(S32, xs, xc)).add(a0);
                a1 = w.lanewise(VectorOperators.LSHR, 4).and((short) 0xF).mul(ShortVector.fromArray(S32, xs, xc + 32)).add(a1);
                a0 = w.lanewise(VectorOperators.LSHR, 8).and((short) 0xF).mul(ShortVector.fromArray(S32, xs, xc + 64)).add(a0);
                a1 = w.lanewise(VectorOperators.LSHR, 12).mul(ShortVector.fromArray(S32, xs, xc + 96)).add(a1);
            }
            Simd.pairSums(a0).intoArray(isums, 32 * g);
            Simd.pairSums(a1).intoArray(isums, 32 * g + 16);
        }
    }

    /** The groups' int sums times their scales, minus their mins times the input sums (which hold the input scale). */
    private float scaled(long offset, int groups, int[] isums, float[] xd, float[] sums, int xBlock) {
        FloatVector acc = FloatVector.zero(F), mins = FloatVector.zero(F);
        for (int g = 0; g < groups; g++) {
            long o = offset + (long) g * GROUP_BYTES;
            int xb = xBlock + GROUP * g;
            long d = data.get(LONG, o), dmin = data.get(LONG, o + 8);
            IntVector meta = ByteVector.fromMemorySegment(B64, data, o, LE).rearrange(SCALE_BYTES).reinterpretAsInts();
            FloatVector dLo = FloatVector.broadcast(F, half(d, 0) * xd[xb]).blend(half(d, 1) * xd[xb + 1], UPPER);
            FloatVector dHi = FloatVector.broadcast(F, half(d, 2) * xd[xb + 2]).blend(half(d, 3) * xd[xb + 3], UPPER);
            acc = Simd.toFloats(IntVector.fromArray(I, isums, 32 * g).mul(meta.and(63))).fma(dLo, acc);
            acc = Simd.toFloats(IntVector.fromArray(I, isums, 32 * g + 16).mul(meta.lanewise(VectorOperators.LSHR, 12).and(63))).fma(dHi, acc);
            FloatVector mLo = FloatVector.broadcast(F, half(dmin, 0)).blend(half(dmin, 1), UPPER);
            FloatVector mHi = FloatVector.broadcast(F, half(dmin, 2)).blend(half(dmin, 3), UPPER);
            mins = Simd.toFloats(meta.lanewise(VectorOperators.LSHR, 6).and(63)).mul(mLo).fma(FloatVector.fromArray(F, sums, 8 * xb), mins);
            mins = Simd.toFloats(meta.lanewise(VectorOperators.LSHR, 18).and(63)).mul(mHi).fma(FloatVector.fromArray(F, sums, 8 * xb + 16), mins);
        }
        return acc.sub(mins).reduceLanes(VectorOperators.ADD);
    }

    /** The fp16 k of the four in {@code halves}. */
    private static float half(long halves, int k) {
        return Float.float16ToFloat((short) (halves >>> (16 * k)));
    }

    private static final ThreadLocal<float[]> TAIL = ThreadLocal.withInitial(() -> new float[256]);

    /** Super-blocks [from, to) of a row, in the file's layout, with natural-order int8 inputs: dequantized, then dotted. */
    private float tailDot(long offset, int from, int to, Q8Input.Packed x, int xBlock) {
        float[] w = TAIL.get();
        float sum = 0;
        for (int b = from; b < to; b++) {
            Q4_KTensor.dequantize(data, offset + (long) b * BYTES, 1, w, 0);
            FloatVector a = FloatVector.zero(F);
            int xo = 256 * (xBlock + b);
            for (int i = 0; i < 256; i += Simd.L) a = FloatVector.fromArray(F, w, i).fma(Simd.toFloats(Simd.bytesToInts(x.q, xo + i)), a);
            sum += a.reduceLanes(VectorOperators.ADD) * x.d[xBlock + b];
        }
        return sum;
    }

    /**
     * Int lane indexes (two-vector selections) that gather one super-block's sub-blocks from the 8 chunks of its group,
     * 4 quant bytes per int: PAIRS_h takes the ints of pairs 8h .. 8h + 7 from two consecutive chunks, 2 per pair;
     * QUARTERS_k takes, from two of those (4 consecutive chunks), the 4 ints of pairs 4k .. 4k + 3 each, which are 16
     * quant bytes of a sub-block in order.
     */
    private static final IntVector[] PAIRS = new IntVector[2], QUARTERS = new IntVector[2];

    static {
        for (int h = 0; h < 2; h++) {
            int[] pairs = new int[16], quarters = new int[16];
            for (int t = 0; t < 8; t++) {
                pairs[2 * t] = 8 * h + t;
                pairs[2 * t + 1] = 16 + 8 * h + t;
            }
            for (int j = 0; j < 4; j++) {
                int pair = 4 * h + j;
                quarters[4 * j] = 2 * pair;
                quarters[4 * j + 1] = 2 * pair + 1;
                quarters[4 * j + 2] = 16 + 2 * pair;
                quarters[4 * j + 3] = 16 + 2 * pair + 1;
            }
            PAIRS[h] = IntVector.fromArray(I, pairs, 0);
            QUARTERS[h] = IntVector.fromArray(I, quarters, 0);
        }
    }

    /** One super-block's quant nibbles as bytes, and its scales and mins times d and dmin. */
    private record Scratch(byte[] quants, float[] scales) {}

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(() -> new Scratch(new byte[256], new float[16]));
    /** Pairs 0-7 twice (their scales, then their mins), pairs 8-15 twice; the shifts that take each. */
    @SuppressWarnings("unchecked")
    private static final VectorShuffle<Integer>[] SCALE_LANES = new VectorShuffle[] {
            VectorShuffle.fromOp(I, i -> i % 8), VectorShuffle.fromOp(I, i -> 8 + i % 8)};
    private static final IntVector SCALE_SHIFTS = IntVector.fromArray(I, new int[] {0, 0, 0, 0, 0, 0, 0, 0, 6, 6, 6, 6, 6, 6, 6, 6}, 0);

    private long rowStart(long offset) {
        return offset - offset % ((long) blocksPerRow() * BYTES);
    }

    // Tiles (TiledMatmul) ask for one super-block at a time: its 8 sub-blocks are gathered from the group's 8 chunks
    // with 8 two-vector int permutes into a small array, and widened from there as in Q4_KTensor.dequantize.
    @Override
    protected void dequantize(long offset, int blocks, float[] out, int outOffset) {
        long rowStart = rowStart(offset);
        int b0 = (int) ((offset - rowStart) / BYTES), grouped = blocksPerRow() / GROUP * GROUP;
        Scratch sc = SCRATCH.get();
        byte[] scratch = sc.quants;
        float[] scales = sc.scales;
        for (int b = b0; b < b0 + blocks; b++, outOffset += 256) {
            if (b >= grouped) {
                Q4_KTensor.dequantize(data, rowStart + (long) b * BYTES, 1, out, outOffset);
                continue;
            }
            long group = rowStart + (long) (b / GROUP) * GROUP_BYTES;
            int s = b % GROUP;
            gather(group, s, scratch, scales);
            for (int j = 0; j < 8; j++) {
                FloatVector dv = FloatVector.broadcast(F, scales[j]), mv = FloatVector.broadcast(F, scales[8 + j]);
                int o = outOffset + 32 * j, at = 128 * (j / 4) + 16 * (j % 4);
                Simd.toFloats(Simd.bytesToInts(scratch, at)).mul(dv).sub(mv).intoArray(out, o);
                Simd.toFloats(Simd.bytesToInts(scratch, at + 64)).mul(dv).sub(mv).intoArray(out, o + 16);
            }
        }
    }

    /**
     * Super-block s's 8 scales times d and 8 mins times dmin into scales, and its quant nibbles into scratch as bytes:
     * sub-blocks 0-3 (16 values of chunks 0-3, 16 of chunks 4-7 each), then sub-blocks 4-7. (A method of its own:
     * together with the widening it went past NodeCountInliningCutoff.)
     */
    private void gather(long group, int s, byte[] scratch, float[] scales) {
        IntVector words = ByteVector.fromMemorySegment(B64, data, group, LE).rearrange(SCALE_BYTES).reinterpretAsInts();
        FloatVector dm = FloatVector.broadcast(F, Simd.fp16(data, group + 2 * s)).blend(Simd.fp16(data, group + 8 + 2 * s), UPPER);
        Simd.toFloats(words.rearrange(SCALE_LANES[s % 2]).lanewise(VectorOperators.LSHR, SCALE_SHIFTS.add(12 * (s / 2))).and(63)).mul(dm).intoArray(scales, 0);
        long q = group + 64;
        int h = s % 2, shift = 4 * (s / 2);
        IntVector pick = PAIRS[h];
        IntVector t01 = pick.selectFrom(chunk(q, 0), chunk(q, 1)), t23 = pick.selectFrom(chunk(q, 2), chunk(q, 3));
        IntVector t45 = pick.selectFrom(chunk(q, 4), chunk(q, 5)), t67 = pick.selectFrom(chunk(q, 6), chunk(q, 7));
        for (int k = 0; k < 2; k++) {
            QUARTERS[k].selectFrom(t01, t23).lanewise(VectorOperators.LSHR, shift).and(0x0F0F0F0F).reinterpretAsBytes().intoArray(scratch, 128 * k);
            QUARTERS[k].selectFrom(t45, t67).lanewise(VectorOperators.LSHR, shift).and(0x0F0F0F0F).reinterpretAsBytes().intoArray(scratch, 128 * k + 64);
        }
    }

    private IntVector chunk(long quants, int c) {
        return IntVector.fromMemorySegment(I, data, quants + 64 * c, LE);
    }

    /**
     * Natural column (within the group) of stored tile position 256t + 128h + 16q + u: the group's t-th tile takes
     * chunks 2t + h; position 16q + u is nibble q of int lane u (pair u), i.e. short 2u + q / 4, nibble position
     * q % 4: sub-block u (even positions) or 16 + u (odd), weight 4c + 2 (q / 4) + (q % 4) / 2 of it.
     */
    private static final int[] TILE_COLUMNS = new int[VALUES];

    static {
        for (int c = 0; c < 8; c++) {
            for (int q = 0; q < 8; q++) {
                int p = q % 4;
                for (int u = 0; u < 16; u++) {
                    int subBlock = (p % 2 == 1 ? 16 : 0) + u, l = 4 * c + 2 * (q / 4) + p / 2;
                    TILE_COLUMNS[128 * c + 16 * q + u] = 32 * subBlock + l;
                }
            }
        }
    }

    @Override
    int[] tileColumnOrder() {
        return TILE_COLUMNS;
    }

    // A tile of a whole group in stored order (tileColumnOrder) takes its two chunks as they are, each nibble plane
    // of 16 pairs one vector of 16 weights: no gather (dequantize's natural order needs one).
    @Override
    void dequantizeTile(int row, int k0, int kc, float[] out, int outOffset) {
        if (k0 >= blocksPerRow() / GROUP * VALUES) { // past the last whole group: the file's layout
            super.dequantizeTile(row, k0, kc, out, outOffset);
            return;
        }
        long rowStart = rowOffset(row);
        long group = rowStart + (long) (k0 / VALUES) * GROUP_BYTES;
        int t = (k0 % VALUES) / 256;
        long d = data.get(LONG, group), dmin = data.get(LONG, group + 8);
        IntVector meta = ByteVector.fromMemorySegment(B64, data, group, LE).rearrange(SCALE_BYTES).reinterpretAsInts();
        FloatVector dLo = FloatVector.broadcast(F, half(d, 0)).blend(half(d, 1), UPPER), dHi = FloatVector.broadcast(F, half(d, 2)).blend(half(d, 3), UPPER);
        FloatVector mLo = FloatVector.broadcast(F, half(dmin, 0)).blend(half(dmin, 1), UPPER), mHi = FloatVector.broadcast(F, half(dmin, 2)).blend(half(dmin, 3), UPPER);
        FloatVector scaleLo = Simd.toFloats(meta.and(63)).mul(dLo), minLo = Simd.toFloats(meta.lanewise(VectorOperators.LSHR, 6).and(63)).mul(mLo).neg();
        FloatVector scaleHi = Simd.toFloats(meta.lanewise(VectorOperators.LSHR, 12).and(63)).mul(dHi), minHi = Simd.toFloats(meta.lanewise(VectorOperators.LSHR, 18).and(63)).mul(mHi).neg();
        for (int h = 0; h < 2; h++) {
            IntVector w = IntVector.fromMemorySegment(I, data, group + 64 + 64L * (2 * t + h), LE);
            int o = outOffset + 128 * h;
            for (int q = 0; q < 8; q += 2) {
                Simd.toFloats(w.lanewise(VectorOperators.LSHR, 4 * q).and(0xF)).fma(scaleLo, minLo).intoArray(out, o + 16 * q);
                Simd.toFloats(w.lanewise(VectorOperators.LSHR, 4 * q + 4).and(0xF)).fma(scaleHi, minHi).intoArray(out, o + 16 * q + 16);
            }
        }
    }

    @Override
    protected void dequantizeBlockReference(long offset, float[] out, int outOffset) {
        long rowStart = rowStart(offset);
        int b = (int) ((offset - rowStart) / BYTES);
        if (b >= blocksPerRow() / GROUP * GROUP) {
            Q4_KTensor.dequantizeBlockReference(data, offset, out, outOffset);
            return;
        }
        long group = rowStart + (long) (b / GROUP) * GROUP_BYTES;
        int s = b % GROUP, half = s / 2;
        float d = Simd.fp16(data, group + 2 * s), dmin = Simd.fp16(data, group + 8 + 2 * s);
        for (int j = 0; j < 8; j++) {
            int i = 8 * (s % 2) + j, meta = scaleWord(group, i) >>> (12 * half);
            float dj = d * (meta & 63), mj = dmin * ((meta >>> 6) & 63);
            for (int l = 0; l < 32; l++) {
                int q = (Simd.u8(data, group + 64 + 64 * (l / 4) + 4 * i + l % 4) >>> (4 * half)) & 0xF;
                out[outOffset + 32 * j + l] = dj * q - mj;
            }
        }
    }
}
