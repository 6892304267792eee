package dev.jollama.engine.tensor;

import java.lang.foreign.MemorySegment;

/** The packed sub-block scales of the K-quants, decoded one at a time (no arrays, nothing allocated). */
final class KScales {
    private KScales() {}

    /**
     * Q4_K/Q5_K: eight 6-bit scales and eight 6-bit mins in 12 bytes at {@code at}; returns scale j in the low byte
     * and min j in the next (ggml's get_scale_min_k4).
     */
    static int scaleMinK4(MemorySegment data, long at, int j) {
        if (j < 4) return (Simd.u8(data, at + j) & 63) | (Simd.u8(data, at + j + 4) & 63) << 8;
        int sc = (Simd.u8(data, at + j + 4) & 0xF) | (Simd.u8(data, at + j - 4) >> 6) << 4;
        int m = (Simd.u8(data, at + j + 4) >> 4) | (Simd.u8(data, at + j) >> 6) << 4;
        return sc | m << 8;
    }

    /** Q3_K: sixteen 6-bit scales in 12 bytes at {@code at} (low nibbles, then high nibbles, then 2-bit tops), minus 32. */
    static int scaleQ3K(MemorySegment data, long at, int j) {
        int low = j < 8 ? Simd.u8(data, at + j) & 0xF : Simd.u8(data, at + j - 8) >> 4;
        int high = (Simd.u8(data, at + 8 + (j & 3)) >> (2 * (j >> 2))) & 3;
        return (low | high << 4) - 32;
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
