package dev.jollama.engine.model;

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
     * Attention of one query head against key/value head {@code kvHead} of {@code layer} over positions
     * {@code from .. to} (inclusive): softmax(scale * q.k, capped by {@code softcap} when non-zero) weighted sum of
     * values, written to {@code out[outOff .. outOff + headDim)}. One pass with a running maximum (online softmax),
     * as llama.cpp's flash attention does; the element type decides how dot products and the running sum round.
     */
    public final void attend(int layer, int kvHead, float[] q, int qOff, int from, int to, float scale, float softcap,
                             float[] out, int outOff) {
        float s0 = softcap != 0f ? scale / softcap : scale;
        float max = Float.NEGATIVE_INFINITY, sum = 0f;
        java.util.Arrays.fill(out, outOff, outOff + headDim, 0f);
        for (int p = from; p <= to; p++) {
            int offset = p * kvDim + kvHead * headDim;
            float s = dot(layer, offset, q, qOff) * s0;
            if (softcap != 0f) s = softcap * (float) Math.tanh(s);
            float ms = 1f, vs = 1f;
            if (s > max) {
                ms = (float) Math.exp(max - s);
                max = s;
                scaleSum(out, outOff, ms);
            } else {
                vs = (float) Math.exp(s - max);
            }
            addValue(layer, offset, vs, out, outOff);
            sum = sum * ms + vs;
        }
        float inv = sum == 0f ? 0f : 1f / sum;
        for (int d = 0; d < headDim; d++) out[outOff + d] *= inv;
    }

    /** Whether {@link #keysTransposed} and {@link #valuesTile} serve the tiled prompt attention (float-like types). */
    public boolean hasFloatTiles() {
        return false;
    }

    /**
     * Keys of positions [from, from + count) of one KV head as floats, transposed: {@code dst[d * stride + j]} is
     * element d of position from + j; columns count .. stride - 1 are zeroed.
     */
    protected void keysTransposed(int layer, int kvHead, int from, int count, float[] dst, int stride) {
        throw new UnsupportedOperationException(type() + " cache has no float tiles");
    }

    /** Values of positions [from, from + count) of one KV head as floats: {@code dst[j * headDim + d]}; rows up to {@link Attention#KV_TILE} zeroed. */
    protected void valuesTile(int layer, int kvHead, int from, int count, float[] dst) {
        throw new UnsupportedOperationException(type() + " cache has no float tiles");
    }

    /** q . k for the key head starting at element {@code offset} of {@code layer}'s keys. */
    protected abstract float dot(int layer, int offset, float[] q, int qOff);

    /** Multiplies the running weighted sum of values by {@code factor}. */
    protected abstract void scaleSum(float[] sum, int off, float factor);

    /** Adds {@code weight} times the value head starting at element {@code offset} to the running sum. */
    protected abstract void addValue(int layer, int offset, float weight, float[] sum, int off);

    /** Brings a query to the precision the dot products use (llama.cpp converts it to the key type). */
    public abstract void prepareQuery(float[] q, int off, int n);

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
