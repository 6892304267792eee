package dev.jollama.engine.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static dev.jollama.engine.tensor.Simd.F;
import static dev.jollama.engine.tensor.Simd.I;
import static dev.jollama.engine.tensor.Simd.INT;
import static dev.jollama.engine.tensor.Simd.L;
import static dev.jollama.engine.tensor.Simd.LE;

/**
 * Q4_0 weights repacked at load time ({@link Q4_0Tensor#repacked}) for a faster decode kernel: each row's blocks are
 * taken 16 at a time (a group of 512 weights), and a group's 16 x 16 quant bytes are stored as 4 chunks of 64 bytes in
 * which bytes 4k .. 4k + 3 of chunk c are block k's quant bytes qs[4c .. 4c + 3]; the group's 16 fp16 scales are
 * stored next to each other ({@link #quants}, {@link #scales}). Blocks past the last whole group keep Q4_0's own
 * 18-byte layout. A row takes exactly the bytes it took before, so row offsets do not change.
 *
 * <p>Why: the kernel reads a chunk as 32 shorts of 4 nibbles each, and every short lane holds weights of one block
 * only (lanes 2k and 2k + 1: block k) in every chunk. Each nibble position ({@code (s >>> 4p) & 0xF}) is then one
 * vector of 32 weights that meets 32 inputs stored as shorts in the same order ({@link #INPUT}), multiplied in 16 bits
 * and summed over the group in 16-bit lanes (at most 16 products of 15 x 127 per lane: no overflow), with no
 * widening at all; then once per group a pair sum turns the 32 short lanes into 16 int lanes, one per block, and the
 * group's 16 scales are converted as one vector. Q4_0's -8 goes through per-block input sums: d_w d_x (sum q x -
 * 8 sum x). See docs/kernels.md.
 */
final class Q4_0GroupedTensor extends WeightTensor {
    private static final int BYTES = 18;
    /** Blocks per group, quant bytes per group. */
    static final int GROUP = 16, QUANTS = 256;
    private static final VectorSpecies<Short> S32 = ShortVector.SPECIES_512;
    /** 16 shorts: a tail block's inputs. */
    private static final VectorSpecies<Short> S16 = ShortVector.SPECIES_256;

    /**
     * Byte offset of group g's 256 quant bytes in a row at rowStart of {@code groups} groups. Groups go in pairs,
     * {@code scales g, scales g + 1, quants g, quants g + 1} (576 bytes: the quants 64-byte aligned in rows that are);
     * an odd last group is {@code scales, quants}.
     */
    static long quants(long rowStart, int groups, int g) {
        long pair = rowStart + (long) (g / 2) * 2 * GROUP * BYTES;
        return (g | 1) < groups ? pair + 64 + QUANTS * (g & 1) : pair + 32;
    }

    /** Byte offset of group g's 16 fp16 scales. */
    static long scales(long rowStart, int g) {
        return rowStart + (long) (g / 2) * 2 * GROUP * BYTES + 32 * (g & 1);
    }

    Q4_0GroupedTensor(MemorySegment data, int rows, int cols) {
        super(GgmlType.Q4_0, InputRounding.Q8_0, data, rows, cols);
        if (!Simd.WIDE) throw new IllegalStateException("the grouped Q4_0 layout needs 16-lane vectors");
    }

    /**
     * One row of {@code blocks} Q4_0 blocks in the file's layout, in[0 ..), into out[0 ..) in the grouped layout, both
     * as little-endian shorts (every field of a block is 2-byte aligned): plain array moves, cheap even before C2
     * has compiled them, for code that runs once per row at load time.
     */
    static void repackRow(short[] in, short[] out, int blocks) {
        int groups = blocks / GROUP;
        for (int g = 0; g < groups; g++) {
            int scales = (int) scales(0, g) / 2, quants = (int) quants(0, groups, g) / 2;
            for (int k = 0; k < GROUP; k++) {
                int block = (GROUP * g + k) * BYTES / 2;
                out[scales + k] = in[block];
                for (int c = 0; c < 4; c++) {
                    out[quants + 32 * c + 2 * k] = in[block + 1 + 2 * c];
                    out[quants + 32 * c + 2 * k + 1] = in[block + 2 + 2 * c];
                }
            }
        }
        int tail = groups * GROUP * BYTES / 2;
        System.arraycopy(in, tail, out, tail, blocks * BYTES / 2 - tail);
    }

    private static final VarHandle INT_IN_BYTES = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * STORED[32k + j]: where natural value j of a group's block k is stored among the group's 512 shorts, (4c + p) * 32
     * + 2k + h for j = 4c + 2h + p / 2 + 16 (p % 2): chunk c, nibble position p, half h of block k's int.
     */
    private static final int[] STORED = new int[GROUP * 32];

    static {
        for (int k = 0; k < GROUP; k++) {
            for (int j = 0; j < 32; j++) {
                int hi = j / 16, lo = j % 16, c = lo / 4, h = (lo % 4) / 2, p = 2 * (lo % 2) + hi;
                STORED[32 * k + j] = (4 * c + p) * 32 + 2 * k + h;
            }
        }
    }

    /** Inputs as Q8_0 blocks, also as shorts in the grouped order, with 8 x the sum of each block's values. */
    static final Q8Input INPUT = new Q8Input(InputRounding.Q8_0, null, 1, (q, from, d, sums, to) -> {
        int s = 0;
        for (int i = 0; i < 32; i++) s += q[from + i];
        sums[to] = 8 * s;
    }, Q4_0GroupedTensor::widen);

    /** One token row's int8 values q[from .. from + cols) into shorts at out[from ..) in the grouped order. */
    private static void widen(byte[] q, int from, int cols, short[] out) {
        int blocks = cols / 32, groups = blocks / GROUP;
        for (int g = 0; g < groups; g++) {
            int base = from + g * GROUP * 32;
            for (int i = 0; i < GROUP * 32; i++) out[base + STORED[i]] = q[base + i];
        }
        for (int i = groups * GROUP * 32; i < cols; i++) out[from + i] = q[from + i];
    }

    @Override
    Q8Input q8Input() {
        return INPUT;
    }

    @Override
    float dot(long offset, int blocks, Q8Input.Packed x, int xBlock) {
        short[] xs = x.wide;
        float[] xd = x.d, sums = x.sums;
        int groups = blocks / GROUP;
        FloatVector acc = FloatVector.zero(F);
        for (int g = 0; g < groups; g++) {
            long o = quants(offset, groups, g);
            int xb = xBlock + GROUP * g, xo = 32 * xb;
            ShortVector a0 = ShortVector.zero(S32), a1 = ShortVector.zero(S32);
            for (int c = 0; c < 4; c++) {
                ShortVector w = ShortVector.fromMemorySegment(S32, data, o + 64 * c, LE);
                int xc = xo + 128 * c;
                a0 = w.and((short) 0xF).mul(ShortVector.fromArray(S32, xs, xc)).add(a0);
                a1 = w.lanewise(VectorOperators.LSHR, 4).and((short) 0xF).mul(ShortVector.fromArray(S32, xs, xc + 32)).add(a1);
                a0 = w.lanewise(VectorOperators.LSHR, 8).and((short) 0xF).mul(ShortVector.fromArray(S32, xs, xc + 64)).add(a0);
                a1 = w.lanewise(VectorOperators.LSHR, 12).mul(ShortVector.fromArray(S32, xs, xc + 96)).add(a1);
            }
            IntVector s = Simd.pairSums(a0.add(a1));
            FloatVector q = Simd.toFloats(s).sub(FloatVector.fromArray(F, sums, xb));
            acc = q.fma(Half.fp16ToFloats(data, scales(offset, g)).mul(FloatVector.fromArray(F, xd, xb)), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        long tail = offset + (long) groups * GROUP * BYTES;
        for (int b = groups * GROUP; b < blocks; b++, tail += BYTES) sum += tailBlockDot(tail, xs, 32 * (xBlock + b), xd[xBlock + b], sums[xBlock + b]);
        return sum;
    }

    /** One Q4_0 block (natural layout) with natural-order short inputs. */
    private float tailBlockDot(long offset, short[] xs, int xo, float xd, float sum8) {
        IntVector w = Simd.u8ToInts(data, offset + 2);
        IntVector lo = (IntVector) ShortVector.fromArray(S16, xs, xo).convertShape(VectorOperators.S2I, I, 0);
        IntVector hi = (IntVector) ShortVector.fromArray(S16, xs, xo + 16).convertShape(VectorOperators.S2I, I, 0);
        int s = w.and(0xF).mul(lo).add(w.lanewise(VectorOperators.LSHR, 4).mul(hi)).reduceLanes(VectorOperators.ADD);
        return (s - sum8) * Simd.fp16(data, offset) * xd;
    }

    /**
     * Lane indexes that regroup half a group's quant ints (8 blocks) into the blocks' own byte order: PAIRS_h takes
     * (chunk 0, chunk 1) or (chunk 2, chunk 3) ints of blocks 8h .. 8h + 7 as pairs; BLOCKS_m lays out blocks 4m ..
     * 4m + 3 of that half as 4 x 16 bytes, each block's qs[0 .. 16) in order.
     */
    private static final IntVector[] PAIRS = new IntVector[2], BLOCKS = new IntVector[2];

    static {
        for (int h = 0; h < 2; h++) {
            int[] pairs = new int[16];
            for (int i = 0; i < 8; i++) {
                pairs[2 * i] = 8 * h + i;
                pairs[2 * i + 1] = 16 + 8 * h + i;
            }
            PAIRS[h] = IntVector.fromArray(I, pairs, 0);
        }
        for (int m = 0; m < 2; m++) {
            int[] blocks = new int[16];
            for (int j = 0; j < 4; j++) {
                int k = 4 * m + j;
                blocks[4 * j] = 2 * k;
                blocks[4 * j + 1] = 2 * k + 1;
                blocks[4 * j + 2] = 16 + 2 * k;
                blocks[4 * j + 3] = 16 + 2 * k + 1;
            }
            BLOCKS[m] = IntVector.fromArray(I, blocks, 0);
        }
    }

    private static final ThreadLocal<byte[]> QUANT_SCRATCH = ThreadLocal.withInitial(() -> new byte[8 * L]);

    /** Block b of the row at byte {@code rowStart}: where its scale is. */
    private long scaleOffset(long rowStart, int b) {
        int groups = blocksPerRow() / GROUP;
        return b < groups * GROUP ? scales(rowStart, b / GROUP) + 2L * (b % GROUP) : rowStart + (long) b * BYTES;
    }

    private long rowBytesOf() {
        return (long) blocksPerRow() * BYTES;
    }

    // Tiles (TiledMatmul) ask for 8 blocks at a time from a multiple of 8: half a group, whose 4 x 32 quant bytes are
    // regrouped by block with 4 two-vector permutes into a small array, from where each block is widened as in
    // Q4_0Tensor.dequantize (measured 12 G weights/s per thread against Q4_0Tensor's 15-20, about 2% of a 128-token
    // product; one byte permute per block from the registers instead ran at 8.4). Other blocks of a group gather their
    // 4 ints one by one.
    @Override
    protected void dequantize(long offset, int blocks, float[] out, int outOffset) {
        long rowBytes = rowBytesOf();
        long rowStart = offset - offset % rowBytes;
        int b0 = (int) ((offset - rowStart) / BYTES), groups = blocksPerRow() / GROUP, grouped = groups * GROUP;
        byte[] scratch = QUANT_SCRATCH.get();
        for (int b = b0, end = b0 + blocks; b < end; ) {
            if (b % 8 == 0 && b + 8 <= Math.min(end, grouped)) {
                long q = quants(rowStart, groups, b / GROUP), scale = scales(rowStart, b / GROUP) + 2 * (b % GROUP);
                int h = (b / 8) % 2;
                IntVector c0 = IntVector.fromMemorySegment(I, data, q, LE), c1 = IntVector.fromMemorySegment(I, data, q + 64, LE);
                IntVector c2 = IntVector.fromMemorySegment(I, data, q + 128, LE), c3 = IntVector.fromMemorySegment(I, data, q + 192, LE);
                IntVector p01 = PAIRS[h].selectFrom(c0, c1), p23 = PAIRS[h].selectFrom(c2, c3);
                BLOCKS[0].selectFrom(p01, p23).reinterpretAsBytes().intoArray(scratch, 0);
                BLOCKS[1].selectFrom(p01, p23).reinterpretAsBytes().intoArray(scratch, 4 * L);
                for (int j = 0; j < 8; j++, outOffset += 32, scale += 2) block(u8ToInts(scratch, 16 * j), Simd.fp16(data, scale), out, outOffset);
                b += 8;
                continue;
            }
            IntVector q;
            if (b < grouped) {
                long quants = quants(rowStart, groups, b / GROUP) + 4 * (b % GROUP);
                for (int c = 0; c < 4; c++) INT_IN_BYTES.set(scratch, 4 * c, data.get(INT, quants + 64 * c));
                q = u8ToInts(scratch, 0);
            } else {
                q = Simd.u8ToInts(data, rowStart + (long) b * BYTES + 2);
            }
            block(q, Simd.fp16(data, scaleOffset(rowStart, b)), out, outOffset);
            b++;
            outOffset += 32;
        }
    }

    private static IntVector u8ToInts(byte[] a, int offset) {
        return (IntVector) ByteVector.fromArray(Simd.B, a, offset).convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0);
    }

    /** One block's 16 quant bytes (as unsigned ints) and scale into out[outOffset .. + 32). */
    private static void block(IntVector q, float scale, float[] out, int outOffset) {
        FloatVector d = FloatVector.broadcast(F, scale);
        Simd.toFloats(q.and(0xF).sub(8)).mul(d).intoArray(out, outOffset);
        Simd.toFloats(q.lanewise(VectorOperators.LSHR, 4).sub(8)).mul(d).intoArray(out, outOffset + 16);
    }

    @Override
    protected void dequantizeBlockReference(long offset, float[] out, int outOffset) {
        long rowBytes = rowBytesOf();
        long rowStart = offset - offset % rowBytes;
        int b = (int) ((offset - rowStart) / BYTES), grouped = blocksPerRow() / GROUP * GROUP;
        float d = Simd.fp16(data, scaleOffset(rowStart, b));
        for (int j = 0; j < 16; j++) {
            long at = b < grouped ? quants(rowStart, grouped / GROUP, b / GROUP) + 64 * (j / 4) + 4 * (b % GROUP) + j % 4 : rowStart + (long) b * BYTES + 2 + j;
            int q = Simd.u8(data, at);
            out[outOffset + j] = ((q & 0xF) - 8) * d;
            out[outOffset + j + 16] = ((q >> 4) - 8) * d;
        }
    }
}
