package dev.jollama.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static dev.jollama.engine.tensor.Rounding.nearestInt;
import static dev.jollama.engine.tensor.Simd.SHORT;

/**
 * F32 -> Q4_K, Q5_K and Q6_K as llama.cpp's reference quantizers do it (quantize_row_q4_K_ref, q5_K_ref, q6_K_ref,
 * used by llama-quantize without an importance matrix), including their scale searches: for Q4_K a weighted
 * least-squares fit of scale and min per 32 weights over 21 candidate grids (make_qkx2_quants), for Q6_K the best of
 * 19 candidate scales per 16 weights (make_qx_quants). Float operations are done in the same order as in C.
 */
final class KQuantizer {
    private KQuantizer() {}

    private static final float GROUP_MAX_EPS = 1e-15f;

    static void quantizeQ4K(float[] x, int from, MemorySegment dst, long offset) {
        byte[] levels = scalesAndLevels(x, from, dst, offset, 15, -1f, 20);
        for (int c = 0; c < 4; c++) {
            for (int l = 0; l < 32; l++) {
                dst.set(ValueLayout.JAVA_BYTE, offset + 16 + 32 * c + l, (byte) (levels[64 * c + l] | levels[64 * c + 32 + l] << 4));
            }
        }
    }

    /** As quantize_row_q5_K_ref: Q4_K's scheme with 5-bit levels (nmax 31, rmin -0.5, 15 steps), fifth bits in qh. */
    static void quantizeQ5K(float[] x, int from, MemorySegment dst, long offset) {
        byte[] levels = scalesAndLevels(x, from, dst, offset, 31, -0.5f, 15);
        for (int c = 0; c < 4; c++) {
            for (int l = 0; l < 32; l++) {
                int lo = levels[64 * c + l], hi = levels[64 * c + 32 + l];
                int qh = c == 0 ? 0 : dst.get(ValueLayout.JAVA_BYTE, offset + 16 + l);
                qh |= (lo >> 4) << (2 * c) | (hi >> 4) << (2 * c + 1);
                dst.set(ValueLayout.JAVA_BYTE, offset + 16 + l, (byte) qh);
                dst.set(ValueLayout.JAVA_BYTE, offset + 48 + 32 * c + l, (byte) ((lo & 0xF) | (hi & 0xF) << 4));
            }
        }
    }

    /**
     * The part Q4_K and Q5_K share: per 32 weights a scale and min by make_qkx2_quants (weights avX + |x|), packed as
     * 6-bit values under fp16 d and dmin at dst[offset ..+16); returns the levels (0..nmax) recomputed from the
     * packed scales, as the reference quantizers do.
     */
    private static byte[] scalesAndLevels(float[] x, int from, MemorySegment dst, long offset, int nmax, float rmin, int nstep) {
        byte[] levels = new byte[256], aux = new byte[32], scaleBytes = new byte[12];
        float[] weights = new float[32], scales = new float[8], mins = new float[8], theMin = new float[1];
        float maxScale = 0, maxMin = 0;
        for (int j = 0; j < 8; j++) {
            int base = from + 32 * j;
            float sumX2 = 0;
            for (int l = 0; l < 32; l++) sumX2 += x[base + l] * x[base + l];
            float avX = (float) Math.sqrt(sumX2 / 32);
            for (int l = 0; l < 32; l++) weights[l] = avX + Math.abs(x[base + l]);
            scales[j] = scaleAndMin(x, base, weights, levels, 32 * j, theMin, aux, nmax, rmin, nstep);
            mins[j] = theMin[0];
            if (scales[j] > maxScale) maxScale = scales[j];
            if (mins[j] > maxMin) maxMin = mins[j];
        }
        float invScale = maxScale > 0 ? 63f / maxScale : 0f, invMin = maxMin > 0 ? 63f / maxMin : 0f;
        for (int j = 0; j < 8; j++) {
            int ls = Math.min(63, nearestInt(invScale * scales[j]) & 0xFF), lm = Math.min(63, nearestInt(invMin * mins[j]) & 0xFF);
            KScales.packScaleMinK4(scaleBytes, j, ls, lm);
        }
        short d16 = Float.floatToFloat16(maxScale / 63f), dmin16 = Float.floatToFloat16(maxMin / 63f);
        dst.set(SHORT, offset, d16);
        dst.set(SHORT, offset + 2, dmin16);
        MemorySegment.copy(scaleBytes, 0, dst, ValueLayout.JAVA_BYTE, offset + 4, 12);
        for (int j = 0; j < 8; j++) {
            int sm = KScales.scaleMinK4(KScales.lo(dst, offset + 4), KScales.hi(dst, offset + 4), j);
            float d = Float.float16ToFloat(d16) * (sm & 0xFF);
            if (d == 0) continue;
            float dm = Float.float16ToFloat(dmin16) * (sm >> 8);
            for (int i = 0; i < 32; i++) levels[32 * j + i] = (byte) Math.max(0, Math.min(nmax, nearestInt((x[from + 32 * j + i] + dm) / d)));
        }
        return levels;
    }

    /**
     * ggml's make_qkx2_quants for 32 values at x[base ..] with levels 0..nmax, rdelta 0.1, squared error (Q4_K: nmax
     * 15, rmin -1, 20 steps; Q5_K: 31, -0.5, 15): writes levels into out[outAt ..], the (positive) min into
     * theMin[0], returns the scale.
     */
    private static float scaleAndMin(float[] x, int base, float[] weights, byte[] out, int outAt, float[] theMin, byte[] aux,
                                     int nmax, float rmin, int nstep) {
        final int n = 32;
        final float rdelta = 0.1f;
        float min = x[base], max = x[base], sumW = weights[0], sumX = sumW * x[base];
        for (int i = 1; i < n; i++) {
            if (x[base + i] < min) min = x[base + i];
            if (x[base + i] > max) max = x[base + i];
            float w = weights[i];
            sumW += w;
            sumX += w * x[base + i];
        }
        if (min > 0) min = 0;
        if (max == min) {
            for (int i = 0; i < n; i++) out[outAt + i] = 0;
            theMin[0] = -min;
            return 0f;
        }
        float iscale = nmax / (max - min), scale = 1 / iscale, bestError = 0;
        for (int i = 0; i < n; i++) {
            int l = Math.max(0, Math.min(nmax, nearestInt(iscale * (x[base + i] - min))));
            out[outAt + i] = (byte) l;
            float diff = scale * l + min - x[base + i];
            bestError += weights[i] * (diff * diff);
        }
        for (int is = 0; is <= nstep; is++) {
            iscale = (rmin + rdelta * is + nmax) / (max - min);
            float sumL = 0, sumL2 = 0, sumXL = 0;
            for (int i = 0; i < n; i++) {
                int l = Math.max(0, Math.min(nmax, nearestInt(iscale * (x[base + i] - min))));
                aux[i] = (byte) l;
                float w = weights[i];
                sumL += w * l;
                sumL2 += w * l * l;
                sumXL += w * l * x[base + i];
            }
            float det = sumW * sumL2 - sumL * sumL;
            if (det > 0) {
                float thisScale = (sumW * sumXL - sumX * sumL) / det, thisMin = (sumL2 * sumX - sumL * sumXL) / det;
                if (thisMin > 0) {
                    thisMin = 0;
                    thisScale = sumXL / sumL2;
                }
                float error = 0;
                for (int i = 0; i < n; i++) {
                    float diff = thisScale * aux[i] + thisMin - x[base + i];
                    error += weights[i] * (diff * diff);
                }
                if (error < bestError) {
                    System.arraycopy(aux, 0, out, outAt, n);
                    bestError = error;
                    scale = thisScale;
                    min = thisMin;
                }
            }
        }
        theMin[0] = -min;
        return scale;
    }

    static void quantizeQ6K(float[] x, int from, MemorySegment dst, long offset) {
        byte[] levels = new byte[256];
        float[] scales = new float[16];
        float maxScale = 0, maxAbsScale = 0;
        for (int ib = 0; ib < 16; ib++) {
            scales[ib] = bestScale(x, from + 16 * ib, levels, 16 * ib);
            if (Math.abs(scales[ib]) > maxAbsScale) {
                maxAbsScale = Math.abs(scales[ib]);
                maxScale = scales[ib];
            }
        }
        if (maxAbsScale < GROUP_MAX_EPS) {
            dst.asSlice(offset, GgmlType.Q6_K.blockBytes).fill((byte) 0);
            return;
        }
        float iscale = -128f / maxScale;
        short d16 = Float.floatToFloat16(1 / iscale);
        dst.set(SHORT, offset + 208, d16);
        for (int ib = 0; ib < 16; ib++) {
            dst.set(ValueLayout.JAVA_BYTE, offset + 192 + ib, (byte) Math.min(127, nearestInt(iscale * scales[ib])));
        }
        for (int j = 0; j < 16; j++) {
            float d = Float.float16ToFloat(d16) * dst.get(ValueLayout.JAVA_BYTE, offset + 192 + j);
            if (d == 0) continue;
            for (int i = 0; i < 16; i++) levels[16 * j + i] = (byte) (Math.max(-32, Math.min(31, nearestInt(x[from + 16 * j + i] / d))) + 32);
        }
        for (int h = 0; h < 2; h++) {
            int j = 128 * h;
            for (int l = 0; l < 32; l++) {
                int q1 = levels[j + l], q2 = levels[j + l + 32], q3 = levels[j + l + 64], q4 = levels[j + l + 96];
                dst.set(ValueLayout.JAVA_BYTE, offset + 64 * h + l, (byte) ((q1 & 0xF) | (q3 & 0xF) << 4));
                dst.set(ValueLayout.JAVA_BYTE, offset + 64 * h + 32 + l, (byte) ((q2 & 0xF) | (q4 & 0xF) << 4));
                dst.set(ValueLayout.JAVA_BYTE, offset + 128 + 32 * h + l, (byte) ((q1 >> 4) | (q2 >> 4) << 2 | (q3 >> 4) << 4 | (q4 >> 4) << 6));
            }
        }
    }

    /**
     * ggml's make_qx_quants for 16 values at x[base ..], 6-bit levels (nmax 32), weights x^2: the element of largest
     * magnitude maps to -32, then 18 nearby scales are tried; writes levels + 32 into out[outAt ..], returns the scale.
     */
    private static float bestScale(float[] x, int base, byte[] out, int outAt) {
        final int n = 16, nmax = 32;
        float max = 0, amax = 0;
        for (int i = 0; i < n; i++) {
            float ax = Math.abs(x[base + i]);
            if (ax > amax) {
                amax = ax;
                max = x[base + i];
            }
        }
        if (amax < GROUP_MAX_EPS) {
            for (int i = 0; i < n; i++) out[outAt + i] = 0;
            return 0f;
        }
        float iscale = -nmax / max, sumLX = 0, sumL2 = 0;
        for (int i = 0; i < n; i++) {
            int l = Math.max(-nmax, Math.min(nmax - 1, nearestInt(iscale * x[base + i])));
            out[outAt + i] = (byte) (l + nmax);
            float w = x[base + i] * x[base + i];
            sumLX += w * x[base + i] * l;
            sumL2 += w * l * l;
        }
        float scale = sumL2 != 0 ? sumLX / sumL2 : 0f, best = scale * sumLX;
        for (int is = -9; is <= 9; is++) {
            if (is == 0) continue;
            iscale = -(nmax + 0.1f * is) / max;
            sumLX = sumL2 = 0;
            for (int i = 0; i < n; i++) {
                int l = Math.max(-nmax, Math.min(nmax - 1, nearestInt(iscale * x[base + i])));
                float w = x[base + i] * x[base + i];
                sumLX += w * x[base + i] * l;
                sumL2 += w * l * l;
            }
            if (sumL2 > 0 && sumLX * sumLX > best * sumL2) {
                for (int i = 0; i < n; i++) out[outAt + i] = (byte) (Math.max(-nmax, Math.min(nmax - 1, nearestInt(iscale * x[base + i]))) + nmax);
                scale = sumLX / sumL2;
                best = scale * sumLX;
            }
        }
        return scale;
    }
}
