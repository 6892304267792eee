package dev.jollama.engine.model;

import dev.jollama.engine.tensor.Workers;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Attention of one layer for a chunk of a batch, after its keys and values are in the caches, the way llama.cpp's
 * CPU flash attention chooses between its two paths:
 *
 * <ul>
 *   <li>a sequence with at least {@link #TILE_TOKENS} tokens in the chunk (a prompt) is computed in tiles, as
 *       ggml's {@code flash_attn_ext_tiled}: queries in float, keys and values of {@link #KV_TILE} positions
 *       converted to float, scores as a small matrix product, an online softmax per tile, values accumulated in
 *       float. Each work item is a group of tokens times the query heads sharing one KV head (GQA), so a key tile
 *       converted once serves all of them;</li>
 *   <li>every other entry (decode, short chunks) goes query by query through {@link KvCache#attend}, which the cache
 *       type implements as ggml's one-row path (for F16: the query rounded to F16, the value sum kept in F16).</li>
 * </ul>
 * Work is split across the workers by (sequence run, KV head, token group) and (entry, head).
 */
final class Attention {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Tokens of one sequence in a chunk from which its attention is tiled (ggml's GGML_FA_TILE_Q). */
    static final int TILE_TOKENS = 64;
    /** Positions per key/value tile: four vectors of scores per query row. */
    static final int KV_TILE = 4 * L;
    /** Query rows per inner kernel. */
    private static final int ROWS = 4;

    private final ModelConfig c;
    private final Workers workers;
    private final int group;
    private final int tokensPerItem;
    private final ThreadLocal<Scratch> scratch;

    /** Work of one forward chunk: tiled items (run, KV head, token group), then per-query items (entry, head). */
    private int[] runStart = new int[8], runLength = new int[8];

    Attention(ModelConfig c, Workers workers) {
        this.c = c;
        this.workers = workers;
        this.group = c.headCount() / c.headCountKv();
        this.tokensPerItem = Math.max(1, TILE_TOKENS / group);
        int rows = (tokensPerItem * group + ROWS - 1) / ROWS * ROWS, hd = c.keyLength();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(rows, hd));
    }

    private static final class Scratch {
        final float[] keys, values, queries, weights, out, max, sum, row;
        final int[] limit, start;

        Scratch(int rows, int hd) {
            row = new float[hd];
            keys = new float[hd * KV_TILE];
            values = new float[KV_TILE * hd];
            queries = new float[rows * hd];
            weights = new float[rows * KV_TILE];
            out = new float[rows * hd];
            max = new float[rows];
            sum = new float[rows];
            limit = new int[rows];
            start = new int[rows];
        }
    }

    /**
     * Fills {@code att} (token-major, like {@code q}) for entries [from, from + n) of the batch in layer {@code l}.
     * {@code q} holds the roped queries, already multiplied by the attention scale when the architecture does that.
     */
    void run(Batch b, int from, int n, int l, float[] q, float[] att, float scoreScale) {
        int heads = c.headCount(), hd = c.keyLength(), kvHeads = c.headCountKv();
        int window = c.isSliding(l) ? c.slidingWindow() : 0;
        // Runs: consecutive entries of one sequence at consecutive positions.
        int runs = 0;
        for (int i = 0; i < n; ) {
            int j = i + 1;
            while (j < n && b.cache(from + j) == b.cache(from + i) && b.position(from + j) == b.position(from + j - 1) + 1) j++;
            if (runs == runStart.length) {
                runStart = java.util.Arrays.copyOf(runStart, 2 * runs);
                runLength = java.util.Arrays.copyOf(runLength, 2 * runs);
            }
            runStart[runs] = i;
            runLength[runs++] = j - i;
            i = j;
        }
        boolean tileable = hd % L == 0;
        int tiledItems = 0, singleItems = 0;
        for (int r = 0; r < runs; r++) {
            if (tileable && runLength[r] >= TILE_TOKENS) {
                tiledItems += kvHeads * ((runLength[r] + tokensPerItem - 1) / tokensPerItem);
            } else {
                singleItems += runLength[r] * kvHeads;
            }
        }
        int[] items = new int[tiledItems * 3 + singleItems];
        int ti = 0, si = tiledItems * 3;
        for (int r = 0; r < runs; r++) {
            if (tileable && runLength[r] >= TILE_TOKENS) {
                for (int g = 0; g < kvHeads; g++) {
                    for (int t = 0; t < runLength[r]; t += tokensPerItem) {
                        items[ti++] = runStart[r] + t;
                        items[ti++] = Math.min(tokensPerItem, runLength[r] - t);
                        items[ti++] = g;
                    }
                }
            } else {
                for (int t = runStart[r]; t < runStart[r] + runLength[r]; t++) for (int g = 0; g < kvHeads; g++) items[si++] = t * kvHeads + g;
            }
        }
        int qd = c.queryDim(), total = tiledItems + singleItems, tiled = tiledItems;
        float softcap = c.attentionSoftcap();
        workers.forRange(total, 1, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                if (i < tiled) {
                    int t0 = items[3 * i], count = items[3 * i + 1], g = items[3 * i + 2];
                    tile(b, from, t0, count, g, l, window, q, att, scoreScale);
                } else {
                    int e = items[3 * tiled + (i - tiled)], t = e / kvHeads, g = e % kvHeads;
                    KvCache cache = b.cache(from + t);
                    int pos = b.position(from + t);
                    int qOff = t * qd + g * group * hd;
                    for (int h = 0; h < group; h++) cache.prepareQuery(q, qOff + h * hd, hd);
                    cache.attend(l, g, q, qOff, group, window > 0 ? Math.max(0, pos - window + 1) : 0, pos,
                            scoreScale, softcap, att, qOff);
                }
            }
        });
    }

    /** Tokens [t0, t0 + count) of one run (chunk-relative), all query heads of KV head g. */
    private void tile(Batch b, int from, int t0, int count, int g, int l, int window, float[] q, float[] att, float scale) {
        Scratch s = scratch.get();
        KvCache cache = b.cache(from + t0);
        int hd = c.keyLength(), qd = c.queryDim();
        int rows = count * group, padded = (rows + ROWS - 1) / ROWS * ROWS;
        float softcap = c.attentionSoftcap();
        float s0 = softcap != 0f ? scale / softcap : scale;
        int lowest = Integer.MAX_VALUE, highest = 0;
        for (int r = 0; r < padded; r++) {
            int qOff = r * hd;
            if (r < rows) {
                int t = t0 + r / group, h = g * group + r % group, pos = b.position(from + t);
                System.arraycopy(q, t * qd + h * hd, s.queries, qOff, hd);
                cache.prepareTileQuery(s.queries, qOff, hd);
                s.limit[r] = pos;
                s.start[r] = window > 0 ? Math.max(0, pos - window + 1) : 0;
                lowest = Math.min(lowest, s.start[r]);
                highest = Math.max(highest, pos);
            } else {
                java.util.Arrays.fill(s.queries, qOff, qOff + hd, 0f);
                s.limit[r] = -1; // masks every position
                s.start[r] = 0;
            }
            s.max[r] = Float.NEGATIVE_INFINITY;
            s.sum[r] = 0f;
        }
        java.util.Arrays.fill(s.out, 0, padded * hd, 0f);
        for (int k0 = lowest / KV_TILE * KV_TILE; k0 <= highest; k0 += KV_TILE) {
            int kc = Math.min(KV_TILE, highest + 1 - k0);
            cache.keysTransposed(l, g, k0, kc, s.keys, KV_TILE, s.row);
            cache.valuesTile(l, g, k0, kc, s.values, KV_TILE, s.row);
            for (int r = 0; r < padded; r += ROWS) {
                if (s.limit[r] < k0 && s.limit[r + 1] < k0 && s.limit[r + 2] < k0 && s.limit[r + 3] < k0) continue;
                scores(s, r, hd);
                boolean any = false;
                for (int i = r; i < r + ROWS; i++) any |= softmaxRow(s, i, k0, s0, softcap, hd);
                if (any) accumulate(s, r, hd);
            }
        }
        for (int r = 0; r < rows; r++) {
            int t = t0 + r / group, h = g * group + r % group;
            float inv = s.sum[r] == 0f ? 0f : 1f / s.sum[r];
            int o = t * qd + h * hd;
            for (int d = 0; d < hd; d += L) {
                FloatVector.fromArray(F, s.out, r * hd + d).mul(inv).intoArray(att, o + d);
            }
        }
    }

    /** weights[r .. r+3][0 .. KV_TILE) = queries[r .. r+3] . keys (raw dot products). */
    private static void scores(Scratch s, int r, int hd) {
        float[] k = s.keys, qs = s.queries, w = s.weights;
        int q0 = r * hd, q1 = q0 + hd, q2 = q1 + hd, q3 = q2 + hd;
        for (int j = 0; j < KV_TILE; j += L) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            for (int d = 0; d < hd; d++) {
                FloatVector kv = FloatVector.fromArray(F, k, d * KV_TILE + j);
                a0 = kv.fma(FloatVector.broadcast(F, qs[q0 + d]), a0);
                a1 = kv.fma(FloatVector.broadcast(F, qs[q1 + d]), a1);
                a2 = kv.fma(FloatVector.broadcast(F, qs[q2 + d]), a2);
                a3 = kv.fma(FloatVector.broadcast(F, qs[q3 + d]), a3);
            }
            a0.intoArray(w, r * KV_TILE + j);
            a1.intoArray(w, (r + 1) * KV_TILE + j);
            a2.intoArray(w, (r + 2) * KV_TILE + j);
            a3.intoArray(w, (r + 3) * KV_TILE + j);
        }
    }

    /**
     * Turns row i's raw scores for positions k0 .. k0 + KV_TILE into softmax weights relative to the running maximum
     * (rescaling the row's sum and output when the maximum grows). Returns false when the whole tile is masked.
     */
    private static boolean softmaxRow(Scratch s, int i, int k0, float s0, float softcap, int hd) {
        float[] w = s.weights;
        int base = i * KV_TILE, lo = s.start[i] - k0, hi = s.limit[i] - k0; // allowed: lo <= j <= hi
        if (hi < 0 || lo >= KV_TILE) {
            java.util.Arrays.fill(w, base, base + KV_TILE, 0f);
            return false;
        }
        FloatVector tileMax = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < KV_TILE; j += L) {
            FloatVector v = FloatVector.fromArray(F, w, base + j).mul(s0);
            if (softcap != 0f) v = v.lanewise(VectorOperators.TANH).mul(softcap);
            IntVector idx = IOTA.add(j);
            VectorMask<Float> masked = idx.lt(lo).or(idx.compare(VectorOperators.GT, hi)).cast(F);
            v = v.blend(NEG_INF, masked);
            v.intoArray(w, base + j);
            tileMax = tileMax.max(v);
        }
        float mOld = s.max[i], mNew = Math.max(mOld, tileMax.reduceLanes(VectorOperators.MAX));
        if (mNew > mOld) {
            float ms = (float) Math.exp(mOld - mNew);
            s.sum[i] *= ms;
            for (int d = 0; d < hd; d += L) FloatVector.fromArray(F, s.out, i * hd + d).mul(ms).intoArray(s.out, i * hd + d);
            s.max[i] = mNew;
        }
        FloatVector sum = FloatVector.zero(F);
        for (int j = 0; j < KV_TILE; j += L) {
            FloatVector p = FloatVector.fromArray(F, w, base + j).sub(mNew).lanewise(VectorOperators.EXP);
            p.intoArray(w, base + j);
            sum = sum.add(p);
        }
        s.sum[i] += sum.reduceLanes(VectorOperators.ADD);
        return true;
    }

    /** out[r .. r+3] += weights[r .. r+3] x values. */
    private static void accumulate(Scratch s, int r, int hd) {
        float[] v = s.values, w = s.weights, o = s.out;
        int w0 = r * KV_TILE, w1 = w0 + KV_TILE, w2 = w1 + KV_TILE, w3 = w2 + KV_TILE;
        for (int d = 0; d < hd; d += L) {
            int o0 = r * hd + d, o1 = o0 + hd, o2 = o1 + hd, o3 = o2 + hd;
            FloatVector a0 = FloatVector.fromArray(F, o, o0), a1 = FloatVector.fromArray(F, o, o1);
            FloatVector a2 = FloatVector.fromArray(F, o, o2), a3 = FloatVector.fromArray(F, o, o3);
            for (int j = 0; j < KV_TILE; j++) {
                FloatVector vv = FloatVector.fromArray(F, v, j * hd + d);
                a0 = vv.fma(FloatVector.broadcast(F, w[w0 + j]), a0);
                a1 = vv.fma(FloatVector.broadcast(F, w[w1 + j]), a1);
                a2 = vv.fma(FloatVector.broadcast(F, w[w2 + j]), a2);
                a3 = vv.fma(FloatVector.broadcast(F, w[w3 + j]), a3);
            }
            a0.intoArray(o, o0);
            a1.intoArray(o, o1);
            a2.intoArray(o, o2);
            a3.intoArray(o, o3);
        }
    }

    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final IntVector IOTA = IntVector.zero(I).addIndex(1);
    private static final FloatVector NEG_INF = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
}
