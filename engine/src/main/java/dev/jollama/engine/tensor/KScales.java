package dev.jollama.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

import java.lang.foreign.MemorySegment;

/** The packed sub-block scales of the K-quants, decoded one at a time (no arrays, nothing allocated). */
final class KScales {
    private KScales() {}

    // The 12 scale bytes are read as one long (bytes 0-7) and one int (bytes 8-11) per super-block and decoded with
    // shifts: a scalar MemorySegment read per scale costs more than the vector work of its 16-32 weights.

    /** Byte i of the 12 packed scale bytes. */
    static int scaleByte(long lo, int hi, int i) {
        return i < 8 ? (int) (lo >>> (8 * i)) & 0xFF : (hi >>> (8 * (i - 8))) & 0xFF;
    }

    /** Q4_K/Q5_K: eight 6-bit scales and eight 6-bit mins; scale j in the low byte, min j in the next (get_scale_min_k4). */
    static int scaleMinK4(long lo, int hi, int j) {
        if (j < 4) return (scaleByte(lo, hi, j) & 63) | (scaleByte(lo, hi, j + 4) & 63) << 8;
        int sc = (scaleByte(lo, hi, j + 4) & 0xF) | (scaleByte(lo, hi, j - 4) >> 6) << 4;
        int m = (scaleByte(lo, hi, j + 4) >> 4) | (scaleByte(lo, hi, j) >> 6) << 4;
        return sc | m << 8;
    }

    /** Q3_K: sixteen 6-bit scales (low nibbles, then high nibbles, then 2-bit tops), minus 32. */
    static int scaleQ3K(long lo, int hi, int j) {
        int low = j < 8 ? scaleByte(lo, hi, j) & 0xF : scaleByte(lo, hi, j - 8) >> 4;
        int high = (scaleByte(lo, hi, 8 + (j & 3)) >> (2 * (j >> 2))) & 3;
        return (low | high << 4) - 32;
    }

    private static final boolean VECTOR_DECODE = Simd.L == 16;
    private static final VectorShuffle<Integer> K4_A, K4_B;
    private static final IntVector K4_SHIFT_A, K4_MASK_A, K4_MASK_B;
    private static final VectorMask<Float> K4_MINS;

    static {
        int n = Simd.L;
        int[] idxA = new int[n], idxB = new int[n], shA = new int[n], maskA = new int[n], maskB = new int[n];
        boolean[] mins = new boolean[n];
        for (int i = 0; i < Math.min(n, 16); i++) {
            int j = i & 7;
            boolean min = i >= 8;
            idxA[i] = j < 4 ? (min ? j + 4 : j) : j + 4;
            shA[i] = j >= 4 && min ? 4 : 0;
            maskA[i] = j < 4 ? 63 : 0xF;
            idxB[i] = j < 4 ? 0 : (min ? j : j - 4);
            maskB[i] = j < 4 ? 0 : 0x30;
            mins[i] = min;
        }
        K4_A = VectorShuffle.fromArray(Simd.I, idxA, 0);
        K4_B = VectorShuffle.fromArray(Simd.I, idxB, 0);
        K4_SHIFT_A = IntVector.fromArray(Simd.I, shA, 0);
        K4_MASK_A = IntVector.fromArray(Simd.I, maskA, 0);
        K4_MASK_B = IntVector.fromArray(Simd.I, maskB, 0);
        K4_MINS = VectorMask.fromArray(Simd.F, mins, 0);
    }

    /**
     * Q4_K/Q5_K: all eight scales times d into out[0..8) and all eight mins times dmin into out[8..16), with one
     * vector decode per super-block when vectors have 16 lanes (the scalar decode costs as much as the weights).
     */
    static void decodeK4(MemorySegment data, long at, float d, float dmin, float[] out) {
        if (VECTOR_DECODE) {
            k4(data, at, d, dmin).intoArray(out, 0);
            return;
        }
        long lo = lo(data, at);
        int hi = hi(data, at);
        for (int j = 0; j < 8; j++) {
            int sm = scaleMinK4(lo, hi, j);
            out[j] = d * (sm & 0xFF);
            out[8 + j] = dmin * (sm >> 8);
        }
    }

    /** Q4_K/Q5_K: the eight scales times d in lanes 0-7 and the eight mins times dmin in lanes 8-15 (16 lanes only). */
    static FloatVector k4(MemorySegment data, long at, float d, float dmin) {
        IntVector b = Simd.bytesToInts(data, at).and(0xFF); // the 12 scale bytes and 4 bytes past them, unused
        IntVector v = b.rearrange(K4_A).lanewise(VectorOperators.LSHR, K4_SHIFT_A).and(K4_MASK_A)
                .or(b.rearrange(K4_B).lanewise(VectorOperators.LSHR, 2).and(K4_MASK_B));
        return Simd.toFloats(v).mul(FloatVector.broadcast(Simd.F, d).blend(dmin, K4_MINS));
    }

    static long lo(MemorySegment data, long at) {
        return data.get(Simd.LONG, at);
    }

    static int hi(MemorySegment data, long at) {
        return data.get(Simd.INT, at + 8);
    }

    /** Packs a 6-bit scale j and min j into Q4_K/Q5_K's 12 bytes (the inverse of {@link #scaleMinK4}). */
    static void packScaleMinK4(byte[] scales, int j, int sc, int m) {
        if (j < 4) {
            scales[j] = (byte) sc;
            scales[j + 4] = (byte) m;
        } else {
            scales[j + 4] = (byte) ((sc & 0xF) | (m & 0xF) << 4);
            scales[j - 4] |= (byte) ((sc >> 4) << 6);
            scales[j] |= (byte) ((m >> 4) << 6);
        }
    }
}
