package dev.jollama.engine.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.foreign.ValueLayout;

import static dev.jollama.engine.tensor.Simd.F;
import static dev.jollama.engine.tensor.Simd.LE;
import static dev.jollama.engine.tensor.Simd.SHORT;

/**
 * Q6_K weights repacked at load time ({@link Q6_KTensor#repacked}) for a decode kernel on 16-bit products. Each
 * super-block keeps its 210 bytes and its place, its 16 int8 scales and d where they were; only the bits of its 128
 * bytes of low nibbles and 64 bytes of top bits move, so that short lane i (of 32) holds natural weights 8i .. 8i + 7,
 * all in sub-block i / 2:
 * <ul>
 * <li>low nibbles: lane i of the 64-byte vector v (bytes 64v + 2i) holds weight 8i + 4v + n in nibble n;</li>
 * <li>top bits: lane i of bytes 128 .. 191 holds weight 8i + k's two top bits in bits 2k and 2k + 1, the upper one
 * flipped: read as a signed 2-bit value it is the top bits minus 2, so that level - 32 = nibble | signed top << 4.</li>
 * </ul>
 *
 * <p>Why: each (v, n) is a vector of 32 signed levels (-32 .. 31) after two or three shifts and a bitwise blend, multiplied in 16
 * bits with inputs met in the same order ({@link #INPUT}) and summed over the 8 (v, n) in 16-bit lanes (8 products
 * of 32 x 127 at most: 32512); lanes 2s and 2s + 1 then add up to sub-block s's sum, one int lane each, which meets
 * its scale in integers. The file's layout needs 32-bit products (16 lanes) and the -32 offset as a separate term
 * (docs/kernels.md).
 */
final class Q6_KLanesTensor extends WeightTensor {
    private static final int BYTES = 210;
    private static final VectorSpecies<Short> S32 = ShortVector.SPECIES_512;
    private static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256, B64 = ByteVector.SPECIES_512;

    Q6_KLanesTensor(MemorySegment data, int rows, int cols) {
        super(GgmlType.Q6_K, InputRounding.Q8_K, data, rows, cols);
        if (!Simd.WIDE) throw new IllegalStateException("the Q6_K lane layout needs 16-lane vectors");
    }

    /** Stored input 32k + i of a super-block is natural value 8i + k: what lane i meets in the k-th product. */
    private static int[] inputOrder() {
        int[] order = new int[256];
        for (int k = 0; k < 8; k++) {
            for (int i = 0; i < 32; i++) order[32 * k + i] = 8 * i + k;
        }
        return order;
    }

    static final Q8Input INPUT = new Q8Input(InputRounding.Q8_K, inputOrder(), 0, null);

    @Override
    Q8Input q8Input() {
        return INPUT;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, LE);
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, LE);

    /**
     * One row of {@code blocks} super-blocks in Q6_K's layout, in[0 ..), into out[0 ..) in this layout. Low nibbles
     * and top bits move 8 weights at a time (`Long.compress`, one `pext`); cheap before C2 has compiled it too.
     */
    static void repackRow(byte[] in, byte[] out, int blocks) {
        for (int b = 0; b < blocks; b++) {
            int o = b * BYTES;
            for (int i = 0; i < 32; i++) {
                int h = i / 16, j = (i / 4) % 4, quarter = i % 4; // weights 128h + 32j + 8 quarter + k, k < 8
                long low = (long) LONGS.get(in, o + 64 * h + 32 * (j % 2) + 8 * quarter);
                long top = (long) LONGS.get(in, o + 128 + 32 * h + 8 * quarter);
                long nibbles = Long.compress(low >>> (4 * (j / 2)), 0x0F0F0F0F0F0F0F0FL);
                SHORTS.set(out, o + 2 * i, (short) nibbles);
                SHORTS.set(out, o + 64 + 2 * i, (short) (nibbles >>> 16));
                SHORTS.set(out, o + 128 + 2 * i, (short) (Long.compress(top >>> (2 * j), 0x0303030303030303L) ^ 0xAAAA));
            }
            System.arraycopy(in, o + 192, out, o + 192, 18);
        }
    }

    // Written out in one method: with the products in a method of their own, or the level in a helper, C2 did not
    // inline them (too large, too deep) and the vectors crossed the calls boxed.
    @Override
    float dot(long offset, int blocks, byte[] q, float[] xd, float[] sums, int xBlock) {
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < blocks; b++) {
            long o = offset + (long) b * BYTES;
            int xb = xBlock + b, xo = 256 * xb;
            ShortVector lo = ShortVector.fromMemorySegment(S32, data, o, LE), hi = ShortVector.fromMemorySegment(S32, data, o + 64, LE);
            ShortVector top = ShortVector.fromMemorySegment(S32, data, o + 128, LE);
            // Per lane i, the sum over k of weight 8i + k's level - 32 times its input. The level: the nibble in bits 0-3,
            // the top bits of field k shifted to the lane's top and arithmetically down to bits 4-5 (bits 0-3 then hold
            // other fields' bits, which the blend drops).
            ShortVector p = ShortVector.zero(S32);
            for (int k = 0; k < 4; k++) {
                ShortVector high = top.lanewise(VectorOperators.LSHL, 14 - 2 * k).lanewise(VectorOperators.ASHR, 10);
                ShortVector level = high.lanewise(VectorOperators.BITWISE_BLEND, lo.lanewise(VectorOperators.LSHR, 4 * k), (short) 0xF);
                p = level.mul(input(q, xo + 32 * k)).add(p);
            }
            for (int k = 4; k < 8; k++) {
                ShortVector high = top.lanewise(VectorOperators.LSHL, 14 - 2 * k).lanewise(VectorOperators.ASHR, 10);
                ShortVector level = high.lanewise(VectorOperators.BITWISE_BLEND, hi.lanewise(VectorOperators.LSHR, 4 * k - 16), (short) 0xF);
                p = level.mul(input(q, xo + 32 * k)).add(p);
            }
            IntVector subBlocks = Simd.pairSums(p).mul(Simd.bytesToInts(data, o + 192));
            acc = Simd.toFloats(subBlocks).fma(FloatVector.broadcast(F, Simd.fp16(data, o + 208) * xd[xb]), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    private static ShortVector input(byte[] q, int from) {
        return (ShortVector) ByteVector.fromArray(B32, q, from).convertShape(VectorOperators.B2S, S32, 0);
    }

    /**
     * Per output vector m (natural weights 32m .. 32m + 31): short lane s takes weight 32m + t, t = 16 (s % 2) + s / 2,
     * so that the low and high halves of int lane u are weights 32m + u and 32m + 16 + u (two sub-blocks, converted
     * to floats by shifts). Weight 32m + t is 8i + k with i = 4m + t / 8, k = t % 8. LOW_BYTES[m] picks each lane's
     * low-nibble byte from the two 64-byte vectors, TOP_BYTES[m] its top-bits byte (both into both bytes of the lane);
     * LOW_SHIFT and TOP_SHIFT (the same for every m) bring the nibble to bits 0-3 and the top bits to bits 14-15.
     */
    private static final ByteVector[] LOW_BYTES = new ByteVector[8];
    @SuppressWarnings("unchecked")
    private static final VectorShuffle<Byte>[] TOP_BYTES = new VectorShuffle[8];
    private static final ShortVector LOW_SHIFT, TOP_SHIFT;

    static {
        short[] lowShift = new short[32], topShift = new short[32];
        for (int m = 0; m < 8; m++) {
            byte[] low = new byte[64];
            int[] top = new int[64];
            for (int s = 0; s < 32; s++) {
                int t = 16 * (s % 2) + s / 2, i = 4 * m + t / 8, k = t % 8;
                low[2 * s] = low[2 * s + 1] = (byte) (64 * (k / 4) + 2 * i + (k % 4) / 2);
                top[2 * s] = top[2 * s + 1] = 2 * i + k / 4;
                lowShift[s] = (short) (4 * (k % 2));
                topShift[s] = (short) (6 - 2 * (k % 4));
            }
            LOW_BYTES[m] = ByteVector.fromArray(B64, low, 0);
            TOP_BYTES[m] = VectorShuffle.fromArray(B64, top, 0);
        }
        LOW_SHIFT = ShortVector.fromArray(S32, lowShift, 0);
        TOP_SHIFT = ShortVector.fromArray(S32, topShift, 0);
    }

    private static final ThreadLocal<float[]> SCALES = ThreadLocal.withInitial(() -> new float[16]);

    // Tiles (TiledMatmul) and embedding rows want natural order: each 32 weights gather their bytes with one two-vector
    // and one one-vector byte permute (the scalar scale reads and S2F conversions of a first version ran at 6.6 G
    // weights/s, these at 10).
    @Override
    protected void dequantize(long offset, int blocks, float[] out, int outOffset) {
        float[] scales = SCALES.get();
        for (int b = 0; b < blocks; b++, offset += BYTES, outOffset += 256) {
            ByteVector lo = ByteVector.fromMemorySegment(B64, data, offset, LE), hi = ByteVector.fromMemorySegment(B64, data, offset + 64, LE);
            ByteVector top = ByteVector.fromMemorySegment(B64, data, offset + 128, LE);
            Simd.bytesToFloats(data, offset + 192).mul(Simd.fp16(data, offset + 208)).intoArray(scales, 0);
            for (int m = 0; m < 8; m++) {
                ShortVector nibble = LOW_BYTES[m].selectFrom(lo, hi).reinterpretAsShorts().lanewise(VectorOperators.LSHR, LOW_SHIFT);
                ShortVector high = top.rearrange(TOP_BYTES[m]).reinterpretAsShorts().lanewise(VectorOperators.LSHL, TOP_SHIFT).lanewise(VectorOperators.ASHR, 10);
                IntVector levels = high.lanewise(VectorOperators.BITWISE_BLEND, nibble, (short) 0xF).reinterpretAsInts();
                int o = outOffset + 32 * m;
                Simd.toFloats(levels.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)).mul(scales[2 * m]).intoArray(out, o);
                Simd.toFloats(levels.lanewise(VectorOperators.ASHR, 16)).mul(scales[2 * m + 1]).intoArray(out, o + 16);
            }
        }
    }

    @Override
    protected void dequantizeBlockReference(long offset, float[] out, int outOffset) {
        float d = Simd.fp16(data, offset + 208);
        for (int w = 0; w < 256; w++) {
            int i = w / 8, k = w % 8;
            int nibble = (data.get(SHORT, offset + 64 * (k / 4) + 2 * i) >>> (4 * (k % 4))) & 0xF;
            int top = ((data.get(SHORT, offset + 128 + 2 * i) >>> (2 * k)) & 3) ^ 2;
            out[outOffset + w] = d * data.get(ValueLayout.JAVA_BYTE, offset + 192 + w / 16) * ((nibble | top << 4) - 32);
        }
    }
}
