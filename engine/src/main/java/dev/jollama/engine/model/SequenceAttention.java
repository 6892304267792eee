package dev.jollama.engine.model;

import dev.jollama.engine.tensor.Workers;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Attention for sequences packed one after another in a batch, without a KV cache: each token attends to every token
 * of its own sequence (or, when causal, to the tokens up to itself) and to nothing of the others, which is what a
 * block-diagonal mask does in llama.cpp. Work is split across the workers by (sequence, head); each task copies its
 * keys transposed so that the scores of one query are computed across a row of keys with the Vector API.
 */
final class SequenceAttention {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private final int heads, kvHeads, headDim;

    private static final class Scratch {
        float[] keysT = new float[0], values = new float[0], scores = new float[0];
        final float[] lanes = new float[L];

        void ensure(int len, int headDim) {
            int padded = padded(len);
            if (scores.length < QB * padded) scores = new float[QB * padded];
            if (keysT.length < padded * headDim) keysT = new float[padded * headDim];
            if (values.length < len * headDim) values = new float[len * headDim];
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    SequenceAttention(int heads, int kvHeads, int headDim) {
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
    }

    private static int padded(int n) {
        return (n + L - 1) / L * L;
    }

    /**
     * For every token of every sequence and every head: softmax(scale * q.k) weighted sum of v, into {@code out}.
     * Rows are tokens; q and out have {@code heads * headDim} columns, k and v {@code kvHeads * headDim}.
     */
    void attend(Workers workers, float[] q, float[] k, float[] v, float[] out, int[] starts, int[] lengths, int sequences,
                float scale, boolean causal) {
        workers.forRange(sequences * heads, 1, (lo, hi) -> {
            Scratch s = SCRATCH.get();
            for (int task = lo; task < hi; task++) {
                int seq = task / heads, h = task % heads;
                attendHead(s, q, k, v, out, starts[seq], lengths[seq], h, scale, causal);
            }
        });
    }

    private void attendHead(Scratch s, float[] q, float[] k, float[] v, float[] out, int start, int len, int h, float scale,
                            boolean causal) {
        int hd = headDim, qDim = heads * hd, kvDim = kvHeads * hd, kvh = h / (heads / kvHeads);
        int padded = padded(len);
        s.ensure(len, hd);
        float[] kT = s.keysT, vs = s.values, sc = s.scores;
        for (int j = 0; j < len; j++) {
            int src = (start + j) * kvDim + kvh * hd;
            for (int d = 0; d < hd; d++) kT[d * padded + j] = k[src + d];
            System.arraycopy(v, src, vs, j * hd, hd);
        }
        // queries in blocks of QB share every load of keys and values; a short last block repeats its last query
        for (int i0 = 0; i0 < len; i0 += QB) {
            int last = Math.min(i0 + QB, len) - 1;
            int q0 = row(start, i0, last, 0, qDim, h), q1 = row(start, i0, last, 1, qDim, h);
            int q2 = row(start, i0, last, 2, qDim, h), q3 = row(start, i0, last, 3, qDim, h);
            int visible = causal ? last + 1 : len;
            scores(q, q0, q1, q2, q3, kT, padded, visible, scale, sc);
            for (int r = 0; r < QB; r++) {
                int own = causal ? Math.min(i0 + r, last) + 1 : len;
                softmax(sc, r * padded, own, padded, s.lanes);
            }
            weightedValues(sc, padded, vs, visible, out, q0, q1, q2, q3);
        }
    }

    private static final int QB = 4;

    /** Offset of query {@code i0 + r} (clamped to {@code last}) of head h. */
    private int row(int start, int i0, int last, int r, int qDim, int h) {
        return (start + Math.min(i0 + r, last)) * qDim + h * headDim;
    }

    /**
     * sc[r * padded + j] = scale * q_r . k_j for the four queries and every j below visible (rounded up to L): two
     * vectors of keys at a time, so that each loaded key vector and each broadcast query value serve two FMAs.
     */
    private void scores(float[] q, int q0, int q1, int q2, int q3, float[] kT, int padded, int visible, float scale, float[] sc) {
        int hd = headDim, j0 = 0;
        for (; j0 + L < visible; j0 += 2 * L) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (int d = 0; d < hd; d++) {
                FloatVector ka = FloatVector.fromArray(F, kT, d * padded + j0), kb = FloatVector.fromArray(F, kT, d * padded + j0 + L);
                FloatVector x0 = FloatVector.broadcast(F, q[q0 + d]), x1 = FloatVector.broadcast(F, q[q1 + d]);
                FloatVector x2 = FloatVector.broadcast(F, q[q2 + d]), x3 = FloatVector.broadcast(F, q[q3 + d]);
                a0 = ka.fma(x0, a0);
                b0 = kb.fma(x0, b0);
                a1 = ka.fma(x1, a1);
                b1 = kb.fma(x1, b1);
                a2 = ka.fma(x2, a2);
                b2 = kb.fma(x2, b2);
                a3 = ka.fma(x3, a3);
                b3 = kb.fma(x3, b3);
            }
            a0.mul(scale).intoArray(sc, j0);
            b0.mul(scale).intoArray(sc, j0 + L);
            a1.mul(scale).intoArray(sc, padded + j0);
            b1.mul(scale).intoArray(sc, padded + j0 + L);
            a2.mul(scale).intoArray(sc, 2 * padded + j0);
            b2.mul(scale).intoArray(sc, 2 * padded + j0 + L);
            a3.mul(scale).intoArray(sc, 3 * padded + j0);
            b3.mul(scale).intoArray(sc, 3 * padded + j0 + L);
        }
        if (j0 < visible) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            for (int d = 0; d < hd; d++) {
                FloatVector kv = FloatVector.fromArray(F, kT, d * padded + j0);
                a0 = kv.fma(FloatVector.broadcast(F, q[q0 + d]), a0);
                a1 = kv.fma(FloatVector.broadcast(F, q[q1 + d]), a1);
                a2 = kv.fma(FloatVector.broadcast(F, q[q2 + d]), a2);
                a3 = kv.fma(FloatVector.broadcast(F, q[q3 + d]), a3);
            }
            a0.mul(scale).intoArray(sc, j0);
            a1.mul(scale).intoArray(sc, padded + j0);
            a2.mul(scale).intoArray(sc, 2 * padded + j0);
            a3.mul(scale).intoArray(sc, 3 * padded + j0);
        }
    }

    /** Turns the scores of one query into probabilities: those from {@code own} on are masked out. */
    private static void softmax(float[] sc, int off, int own, int padded, float[] lanes) {
        java.util.Arrays.fill(sc, off + own, off + padded, Float.NEGATIVE_INFINITY);
        FloatVector vmax = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < padded; j += L) vmax = vmax.max(FloatVector.fromArray(F, sc, off + j));
        float max = vmax.reduceLanes(VectorOperators.MAX);
        FloatVector vsum = FloatVector.zero(F);
        for (int j = 0; j < padded; j += L) {
            FloatVector e = exp(FloatVector.fromArray(F, sc, off + j).sub(max));
            e.intoArray(sc, off + j);
            vsum = vsum.add(e);
        }
        // lanes summed in a fixed order: the result must not depend on how the JIT reduces a vector
        vsum.intoArray(lanes, 0);
        float sum = 0f;
        for (int i = 0; i < L; i++) sum += lanes[i];
        float inv = 1f / sum;
        for (int j = 0; j < padded; j += L) FloatVector.fromArray(F, sc, off + j).mul(inv).intoArray(sc, off + j);
    }

    private static final float LOG2E = 1.44269504f, LN2_HI = 0.693145752f, LN2_LO = 1.42860677e-6f;
    /** 1.5 * 2^23: adding it rounds a float to an integer held in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;

    /**
     * e^x for x <= 0 with only exact operations (add, multiply, fused multiply-add, bit moves), so that it gives the
     * same bits interpreted and compiled, unlike {@code VectorOperators.EXP}: x = n ln2 + r with |r| <= ln2 / 2,
     * e^r by its Taylor polynomial of degree 7 (within 3 ulp), 2^n built in the exponent bits. Below -87 it is 0.
     */
    static FloatVector exp(FloatVector x) {
        var underflow = x.compare(VectorOperators.LT, -87f);
        x = x.max(-87f);
        FloatVector z = x.fma(FloatVector.broadcast(F, LOG2E), FloatVector.broadcast(F, ROUNDER));
        FloatVector n = z.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(F, -LN2_LO), r);
        FloatVector p = r.fma(FloatVector.broadcast(F, 1f / 5040), FloatVector.broadcast(F, 1f / 720));
        p = p.fma(r, FloatVector.broadcast(F, 1f / 120));
        p = p.fma(r, FloatVector.broadcast(F, 1f / 24));
        p = p.fma(r, FloatVector.broadcast(F, 1f / 6));
        p = p.fma(r, FloatVector.broadcast(F, 0.5f));
        p = p.fma(r, FloatVector.broadcast(F, 1f));
        p = p.fma(r, FloatVector.broadcast(F, 1f));
        FloatVector twoToN = z.reinterpretAsInts().sub(Float.floatToRawIntBits(ROUNDER) - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(twoToN).blend(0f, underflow);
    }

    /** out of each of the four queries = sum_j p[j] * v[j], two vectors of a value row at a time. */
    private void weightedValues(float[] p, int padded, float[] vs, int visible, float[] out, int o0, int o1, int o2, int o3) {
        int hd = headDim, p1 = padded, p2 = 2 * padded, p3 = 3 * padded, d0 = 0;
        for (; d0 + 2 * L <= hd; d0 += 2 * L) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (int j = 0; j < visible; j++) {
                FloatVector va = FloatVector.fromArray(F, vs, j * hd + d0), vb = FloatVector.fromArray(F, vs, j * hd + d0 + L);
                FloatVector x0 = FloatVector.broadcast(F, p[j]), x1 = FloatVector.broadcast(F, p[p1 + j]);
                FloatVector x2 = FloatVector.broadcast(F, p[p2 + j]), x3 = FloatVector.broadcast(F, p[p3 + j]);
                a0 = va.fma(x0, a0);
                b0 = vb.fma(x0, b0);
                a1 = va.fma(x1, a1);
                b1 = vb.fma(x1, b1);
                a2 = va.fma(x2, a2);
                b2 = vb.fma(x2, b2);
                a3 = va.fma(x3, a3);
                b3 = vb.fma(x3, b3);
            }
            a0.intoArray(out, o0 + d0);
            b0.intoArray(out, o0 + d0 + L);
            a1.intoArray(out, o1 + d0);
            b1.intoArray(out, o1 + d0 + L);
            a2.intoArray(out, o2 + d0);
            b2.intoArray(out, o2 + d0 + L);
            a3.intoArray(out, o3 + d0);
            b3.intoArray(out, o3 + d0 + L);
        }
        for (; d0 + L <= hd; d0 += L) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            for (int j = 0; j < visible; j++) {
                FloatVector vv = FloatVector.fromArray(F, vs, j * hd + d0);
                a0 = vv.fma(FloatVector.broadcast(F, p[j]), a0);
                a1 = vv.fma(FloatVector.broadcast(F, p[p1 + j]), a1);
                a2 = vv.fma(FloatVector.broadcast(F, p[p2 + j]), a2);
                a3 = vv.fma(FloatVector.broadcast(F, p[p3 + j]), a3);
            }
            a0.intoArray(out, o0 + d0);
            a1.intoArray(out, o1 + d0);
            a2.intoArray(out, o2 + d0);
            a3.intoArray(out, o3 + d0);
        }
        for (int d = d0; d < hd; d++) {
            float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            for (int j = 0; j < visible; j++) {
                float x = vs[j * hd + d];
                a0 = Math.fma(p[j], x, a0);
                a1 = Math.fma(p[p1 + j], x, a1);
                a2 = Math.fma(p[p2 + j], x, a2);
                a3 = Math.fma(p[p3 + j], x, a3);
            }
            out[o0 + d] = a0;
            out[o1 + d] = a1;
            out[o2 + d] = a2;
            out[o3 + d] = a3;
        }
    }
}
