package dev.jollama.engine.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * The keys and values one sequence has computed, per layer and position, for positions {@code 0 .. length-1}
 * (position p is the p-th token the sequence holds). Storage grows on demand up to {@code maxPositions} (num_ctx).
 *
 * <p>The element type is this class's business: each subclass owns its storage and the attention loop that reads
 * it, so switching the cache to F16 or Q8_0 is a new subclass, not a change to the forward pass. Keys are stored
 * after RoPE, as llama.cpp stores them.
 */
public abstract class KvCache {
    /** Rotates a key vector (all key heads of one layer) by a position delta; used to shift the cache. */
    @FunctionalInterface
    public interface KeyRotation {
        void rotate(int layer, float[] key, int offset, int delta);
    }

    protected final int layers;
    protected final int kvDim;
    protected final int headDim;
    protected final int maxPositions;
    protected int capacity;
    private int length;

    protected KvCache(int layers, int kvDim, int headDim, int maxPositions) {
        if (maxPositions < 1) throw new IllegalArgumentException("a KV cache needs at least one position");
        this.layers = layers;
        this.kvDim = kvDim;
        this.headDim = headDim;
        this.maxPositions = maxPositions;
    }

    /** A cache of the given element type for a model. */
    public static KvCache create(KvCacheType type, ModelConfig c, int maxPositions) {
        return switch (type) {
            case F32 -> new F32KvCache(c.blockCount(), c.keyValueDim(), c.keyLength(), maxPositions);
            case F16 -> new F16KvCache(c.blockCount(), c.keyValueDim(), c.keyLength(), maxPositions);
            // quantized types need heads of whole blocks; llama.cpp refuses others, Ollama then runs F16
            case Q8_0 -> c.keyLength() % BlockKvCache.BLOCK == 0
                    ? new Q8_0KvCache(c.blockCount(), c.keyValueDim(), c.keyLength(), maxPositions) : create(KvCacheType.F16, c, maxPositions);
            case Q4_0 -> c.keyLength() % BlockKvCache.BLOCK == 0
                    ? new Q4_0KvCache(c.blockCount(), c.keyValueDim(), c.keyLength(), maxPositions) : create(KvCacheType.F16, c, maxPositions);
        };
    }

    public abstract KvCacheType type();

    /** Positions holding valid keys and values. */
    public int length() {
        return length;
    }

    public int maxPositions() {
        return maxPositions;
    }

    /** Forgets every position from {@code newLength} on. */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) throw new IllegalArgumentException("cannot truncate a cache of " + length + " positions to " + newLength);
        length = newLength;
    }

    /** Bytes currently allocated for keys and values. */
    public abstract long allocatedBytes();

    /**
     * Makes room for positions up to {@code newLength - 1}, which the next forward pass fills; until then they hold
     * garbage, so a failed pass must be followed by {@link #truncate}.
     */
    public void reserve(int newLength) {
        if (newLength < length || newLength > maxPositions) {
            throw new IllegalArgumentException("cannot hold " + newLength + " positions (" + length + " used, room for " + maxPositions + ")");
        }
        if (newLength > capacity) grow(Math.min(maxPositions, Math.max(newLength, Math.max(256, capacity * 2))));
        length = newLength;
    }

    /** Writes the key and value of one reserved position in one layer. */
    public final void store(int layer, int pos, float[] k, int kOff, float[] v, int vOff) {
        if (pos < 0 || pos >= length) throw new IllegalArgumentException("position " + pos + " is not reserved in the cache (" + length + " reserved)");
        write(layer, pos, k, kOff, v, vOff);
    }

    /**
     * Attention of {@code heads} consecutive query heads (a GQA group, {@code headDim} apart in {@code q} and
     * {@code out}) against key/value head {@code kvHead} of {@code layer} over positions {@code from .. to}
     * (inclusive): softmax(scale * q.k, capped by {@code softcap} when non-zero) weighted sum of values. This is
     * ggml's one-row flash attention (decode and short chunks): per position a running maximum and sum (online
     * softmax), the value sum rescaled when the maximum grows; each key and value row is converted to floats once
     * for the whole group. How dot products and the running sum round is the element type's business
     * ({@link #dot}, {@link #accumulate}, {@link #rescale}). Queries must have been through {@link #prepareQuery}.
     */
    public final void attend(int layer, int kvHead, float[] q, int qOff, int heads, int from, int to, float scale, float softcap,
                             float[] out, int outOff) {
        int hd = headDim;
        float s0 = softcap != 0f ? scale / softcap : scale;
        float[] key = new float[hd], value = new float[hd], max = new float[heads], sum = new float[heads];
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
        Arrays.fill(out, outOff, outOff + heads * hd, 0f);
        for (int p = from; p <= to; p++) {
            keyRow(layer, p, kvHead, key);
            valueRow(layer, p, kvHead, value);
            for (int h = 0, o = outOff; h < heads; h++, o += hd) {
                float s = dot(key, q, qOff + h * hd) * s0;
                if (softcap != 0f) s = softcap * (float) Math.tanh(s);
                float ms = 1f, vs = 1f;
                if (s > max[h]) {
                    ms = (float) Math.exp(max[h] - s);
                    max[h] = s;
                    rescale(out, o, ms);
                } else {
                    vs = (float) Math.exp(s - max[h]);
                }
                accumulate(out, o, value, vs);
                sum[h] = sum[h] * ms + vs;
            }
        }
        for (int h = 0; h < heads; h++) {
            float inv = sum[h] == 0f ? 0f : 1f / sum[h];
            for (int d = outOff + h * hd; d < outOff + (h + 1) * hd; d++) out[d] *= inv;
        }
    }

    /** The key of one position and KV head as floats, dst[0 .. headDim). */
    protected abstract void keyRow(int layer, int pos, int kvHead, float[] dst);

    /** The value of one position and KV head as floats, dst[0 .. headDim). */
    protected abstract void valueRow(int layer, int pos, int kvHead, float[] dst);

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** ggml's SIMD step for F16/F32 dot products: four vectors; the tail (all of a head narrower than a step) is summed in double. */
    private static final int STEP = 4 * F.length();

    /** q . k as ggml's vec_dot for F16/F32 sums it: four vector accumulators over whole steps, the tail in double. */
    protected float dot(float[] k, float[] q, int qOff) {
        int n = headDim, np = n / STEP * STEP, l = F.length();
        double sum = 0;
        if (np > 0) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            for (int i = 0; i < np; i += STEP) {
                a0 = FloatVector.fromArray(F, k, i).fma(FloatVector.fromArray(F, q, qOff + i), a0);
                a1 = FloatVector.fromArray(F, k, i + l).fma(FloatVector.fromArray(F, q, qOff + i + l), a1);
                a2 = FloatVector.fromArray(F, k, i + 2 * l).fma(FloatVector.fromArray(F, q, qOff + i + 2 * l), a2);
                a3 = FloatVector.fromArray(F, k, i + 3 * l).fma(FloatVector.fromArray(F, q, qOff + i + 3 * l), a3);
            }
            sum = a0.add(a2).add(a1.add(a3)).reduceLanes(VectorOperators.ADD);
        }
        for (int i = np; i < n; i++) sum += (double) k[i] * q[qOff + i];
        return (float) sum;
    }

    /** acc[off + d] += w * v[d]: the running value sum (in float by default, as ggml for non-F16 values). */
    protected void accumulate(float[] acc, int off, float[] v, float w) {
        for (int d = 0; d < headDim; d++) acc[off + d] = Math.fma(v[d], w, acc[off + d]);
    }

    /** acc[off + d] *= factor. */
    protected void rescale(float[] acc, int off, float factor) {
        for (int d = 0; d < headDim; d++) acc[off + d] *= factor;
    }

    /** Brings a query to the precision {@link #attend}'s dot products use (llama.cpp converts it to the key type's vec_dot_type). */
    public abstract void prepareQuery(float[] q, int off, int n);

    /** Brings a query to the precision the tiled prompt attention uses: floats as they are, unless the type says otherwise. */
    public void prepareTileQuery(float[] q, int off, int n) {}

    /**
     * Keys of positions [from, from + count) of one KV head as floats, transposed: {@code dst[d * stride + j]} is
     * element d of position from + j; columns count .. stride - 1 are zeroed. For the tiled prompt attention.
     */
    final void keysTransposed(int layer, int kvHead, int from, int count, float[] dst, int stride, float[] row) {
        for (int j = 0; j < count; j++) {
            keyRow(layer, from + j, kvHead, row);
            for (int d = 0; d < headDim; d++) dst[d * stride + j] = row[d];
        }
        if (count < stride) for (int d = 0; d < headDim; d++) Arrays.fill(dst, d * stride + count, (d + 1) * stride, 0f);
    }

    /** Values of positions [from, from + count) of one KV head as floats, {@code dst[j * headDim + d]}, zero up to {@code rows}. */
    final void valuesTile(int layer, int kvHead, int from, int count, float[] dst, int rows, float[] row) {
        for (int j = 0; j < count; j++) {
            valueRow(layer, from + j, kvHead, row);
            System.arraycopy(row, 0, dst, j * headDim, headDim);
        }
        Arrays.fill(dst, count * headDim, rows * headDim, 0f);
    }

    /**
     * Context shift: drops positions {@code keep .. keep + discard - 1}, moves the later ones down and re-rotates
     * their keys by {@code -discard}, as llama.cpp's {@code seq_rm} + {@code seq_add} do.
     */
    public final void shift(int keep, int discard, KeyRotation rotation) {
        if (keep < 0 || discard < 0 || keep + discard > length) throw new IllegalArgumentException("bad shift " + keep + "+" + discard + " of " + length);
        float[] key = new float[kvDim];
        for (int layer = 0; layer < layers; layer++) {
            for (int p = keep + discard; p < length; p++) {
                readKey(layer, p, key);
                rotation.rotate(layer, key, 0, -discard);
                moveValue(layer, p, p - discard);
                writeKey(layer, p - discard, key);
            }
        }
        length -= discard;
    }

    protected abstract void grow(int positions);

    protected abstract void write(int layer, int pos, float[] k, int kOff, float[] v, int vOff);

    protected abstract void readKey(int layer, int pos, float[] out);

    protected abstract void writeKey(int layer, int pos, float[] key);

    protected abstract void moveValue(int layer, int from, int to);
}
