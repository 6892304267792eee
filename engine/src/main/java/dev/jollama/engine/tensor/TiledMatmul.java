package dev.jollama.engine.tensor;

import jdk.incubator.vector.FloatVector;

import java.util.Arrays;

import static dev.jollama.engine.tensor.Simd.F;
import static dev.jollama.engine.tensor.Simd.L;

/**
 * The matrix-matrix product for a batch of tokens (prompt processing), shared by every weight type.
 *
 * <p>Tokens lie in the vector lanes: the inputs are transposed once per product ({@link PreparedInput}), so a
 * weight never has to be transposed. Weights are dequantized once per product into a small float tile of
 * {@link #MR} rows by {@link #KC} columns (L1 resident), and the inner kernel keeps MR x 2 vectors of
 * accumulators (12 rows x 32 tokens with AVX-512) in registers: per column it loads 2 input vectors, broadcasts 12
 * weights and issues 24 FMAs. Outputs gather in a token-minor tile of {@link #RC} rows by {@link #TC} tokens and
 * are written out once at the end.
 */
final class TiledMatmul {
    private TiledMatmul() {}

    /** Batches from this size on use the tiled kernel; smaller ones use one fused dot product per row and token. */
    static final int MIN_TOKENS = 8;
    /** Weight rows per inner kernel. */
    static final int MR = 12;
    /** Columns per weight tile: a multiple of every block size (256). */
    static final int KC = 256;
    /** Rows per output tile. */
    static final int RC = 20 * MR;
    /** Tokens per output tile: a multiple of 2L. */
    static final int TC = 256;

    private static final class Scratch {
        final float[] weights = new float[MR * KC];
        final float[] out = new float[RC * TC];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Tokens past a multiple of 2L (the pair of vectors the main kernel takes) that are better left to a pass of
     * their own, where, being fewer than {@link #MIN_TOKENS}, each costs one dot-product pass over the weights
     * rather than a padded vector's worth of tiled work (pp33 ran at 58% of pp32's rate).
     */
    static final int SHORT_TAIL = 4;

    /** Of {@code n} tokens, how many one pass should take: all, unless that leaves a short tail past 2L. */
    static int chunk(int n) {
        int tail = n % (2 * L);
        return n > 2 * L && tail <= SHORT_TAIL ? n - tail : n;
    }

    /** Tokens rounded up to whole vectors. */
    static int padTokens(int n) {
        return (n + L - 1) / L * L;
    }

    static void multiply(WeightTensor w, PreparedInput in, float[] out, int outStride, int rowFrom, int rowTo) {
        Scratch s = SCRATCH.get();
        int n = in.n, p = in.paddedTokens, cols = w.cols;
        int[] order = w.tileColumnOrder();
        float[] tile = s.weights, acc = s.out, xT = order == null ? in.transposed : in.inColumnOrder(order);
        for (int t0 = 0; t0 < p; t0 += TC) {
            int tc = Math.min(TC, p - t0);
            for (int r0 = rowFrom; r0 < rowTo; r0 += RC) {
                int rc = Math.min(RC, rowTo - r0);
                Arrays.fill(acc, 0, (rc + MR - 1) / MR * MR * tc, 0f);
                for (int k0 = 0; k0 < cols; k0 += KC) {
                    int kc = Math.min(KC, cols - k0);
                    for (int m0 = 0; m0 < rc; m0 += MR) {
                        int mr = Math.min(MR, rc - m0);
                        for (int i = 0; i < mr; i++) w.dequantizeTile(r0 + m0 + i, k0, kc, tile, i * kc);
                        if (mr < MR) Arrays.fill(tile, mr * kc, MR * kc, 0f);
                        int t = 0;
                        for (; t + 2 * L <= tc; t += 2 * L) kernel2(tile, kc, xT, k0 * p + t0 + t, p, acc, m0 * tc + t, tc);
                        for (; t < tc; t += L) kernel1(tile, kc, xT, k0 * p + t0 + t, p, acc, m0 * tc + t, tc);
                    }
                }
                int tEnd = Math.min(tc, n - t0);
                for (int t = 0; t < tEnd; t++) {
                    int o = (t0 + t) * outStride + r0;
                    for (int i = 0; i < rc; i++) out[o + i] = acc[i * tc + t];
                }
            }
        }
    }

    /** acc[MR rows][2L tokens] += tile[MR][kc] x xT[kc][2L]. */
    private static void kernel2(float[] w, int kc, float[] x, int xOff, int xStride, float[] c, int cOff, int cStride) {
        int c0 = cOff, c1 = c0 + cStride, c2 = c1 + cStride, c3 = c2 + cStride, c4 = c3 + cStride, c5 = c4 + cStride;
        int c6 = c5 + cStride, c7 = c6 + cStride, c8 = c7 + cStride, c9 = c8 + cStride, c10 = c9 + cStride, c11 = c10 + cStride;
        FloatVector a0 = FloatVector.fromArray(F, c, c0), b0 = FloatVector.fromArray(F, c, c0 + L);
        FloatVector a1 = FloatVector.fromArray(F, c, c1), b1 = FloatVector.fromArray(F, c, c1 + L);
        FloatVector a2 = FloatVector.fromArray(F, c, c2), b2 = FloatVector.fromArray(F, c, c2 + L);
        FloatVector a3 = FloatVector.fromArray(F, c, c3), b3 = FloatVector.fromArray(F, c, c3 + L);
        FloatVector a4 = FloatVector.fromArray(F, c, c4), b4 = FloatVector.fromArray(F, c, c4 + L);
        FloatVector a5 = FloatVector.fromArray(F, c, c5), b5 = FloatVector.fromArray(F, c, c5 + L);
        FloatVector a6 = FloatVector.fromArray(F, c, c6), b6 = FloatVector.fromArray(F, c, c6 + L);
        FloatVector a7 = FloatVector.fromArray(F, c, c7), b7 = FloatVector.fromArray(F, c, c7 + L);
        FloatVector a8 = FloatVector.fromArray(F, c, c8), b8 = FloatVector.fromArray(F, c, c8 + L);
        FloatVector a9 = FloatVector.fromArray(F, c, c9), b9 = FloatVector.fromArray(F, c, c9 + L);
        FloatVector a10 = FloatVector.fromArray(F, c, c10), b10 = FloatVector.fromArray(F, c, c10 + L);
        FloatVector a11 = FloatVector.fromArray(F, c, c11), b11 = FloatVector.fromArray(F, c, c11 + L);
        for (int k = 0; k < kc; k++) {
            int xo = xOff + k * xStride;
            FloatVector x0 = FloatVector.fromArray(F, x, xo), x1 = FloatVector.fromArray(F, x, xo + L);
            FloatVector v;
            v = FloatVector.broadcast(F, w[k]); a0 = x0.fma(v, a0); b0 = x1.fma(v, b0);
            v = FloatVector.broadcast(F, w[kc + k]); a1 = x0.fma(v, a1); b1 = x1.fma(v, b1);
            v = FloatVector.broadcast(F, w[2 * kc + k]); a2 = x0.fma(v, a2); b2 = x1.fma(v, b2);
            v = FloatVector.broadcast(F, w[3 * kc + k]); a3 = x0.fma(v, a3); b3 = x1.fma(v, b3);
            v = FloatVector.broadcast(F, w[4 * kc + k]); a4 = x0.fma(v, a4); b4 = x1.fma(v, b4);
            v = FloatVector.broadcast(F, w[5 * kc + k]); a5 = x0.fma(v, a5); b5 = x1.fma(v, b5);
            v = FloatVector.broadcast(F, w[6 * kc + k]); a6 = x0.fma(v, a6); b6 = x1.fma(v, b6);
            v = FloatVector.broadcast(F, w[7 * kc + k]); a7 = x0.fma(v, a7); b7 = x1.fma(v, b7);
            v = FloatVector.broadcast(F, w[8 * kc + k]); a8 = x0.fma(v, a8); b8 = x1.fma(v, b8);
            v = FloatVector.broadcast(F, w[9 * kc + k]); a9 = x0.fma(v, a9); b9 = x1.fma(v, b9);
            v = FloatVector.broadcast(F, w[10 * kc + k]); a10 = x0.fma(v, a10); b10 = x1.fma(v, b10);
            v = FloatVector.broadcast(F, w[11 * kc + k]); a11 = x0.fma(v, a11); b11 = x1.fma(v, b11);
        }
        a0.intoArray(c, c0); b0.intoArray(c, c0 + L);
        a1.intoArray(c, c1); b1.intoArray(c, c1 + L);
        a2.intoArray(c, c2); b2.intoArray(c, c2 + L);
        a3.intoArray(c, c3); b3.intoArray(c, c3 + L);
        a4.intoArray(c, c4); b4.intoArray(c, c4 + L);
        a5.intoArray(c, c5); b5.intoArray(c, c5 + L);
        a6.intoArray(c, c6); b6.intoArray(c, c6 + L);
        a7.intoArray(c, c7); b7.intoArray(c, c7 + L);
        a8.intoArray(c, c8); b8.intoArray(c, c8 + L);
        a9.intoArray(c, c9); b9.intoArray(c, c9 + L);
        a10.intoArray(c, c10); b10.intoArray(c, c10 + L);
        a11.intoArray(c, c11); b11.intoArray(c, c11 + L);
    }

    /** acc[MR rows][L tokens] += tile[MR][kc] x xT[kc][L]: the last odd vector of tokens. */
    private static void kernel1(float[] w, int kc, float[] x, int xOff, int xStride, float[] c, int cOff, int cStride) {
        for (int i0 = 0; i0 < MR; i0 += 4) {
            int c0 = cOff + i0 * cStride, c1 = c0 + cStride, c2 = c1 + cStride, c3 = c2 + cStride;
            int w0 = i0 * kc, w1 = w0 + kc, w2 = w1 + kc, w3 = w2 + kc;
            FloatVector a0 = FloatVector.fromArray(F, c, c0), a1 = FloatVector.fromArray(F, c, c1);
            FloatVector a2 = FloatVector.fromArray(F, c, c2), a3 = FloatVector.fromArray(F, c, c3);
            for (int k = 0; k < kc; k++) {
                FloatVector x0 = FloatVector.fromArray(F, x, xOff + k * xStride);
                a0 = x0.fma(FloatVector.broadcast(F, w[w0 + k]), a0);
                a1 = x0.fma(FloatVector.broadcast(F, w[w1 + k]), a1);
                a2 = x0.fma(FloatVector.broadcast(F, w[w2 + k]), a2);
                a3 = x0.fma(FloatVector.broadcast(F, w[w3 + k]), a3);
            }
            a0.intoArray(c, c0);
            a1.intoArray(c, c1);
            a2.intoArray(c, c2);
            a3.intoArray(c, c3);
        }
    }
}
