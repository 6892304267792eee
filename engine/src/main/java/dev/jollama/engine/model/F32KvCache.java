package dev.jollama.engine.model;

/** A KV cache of floats: exact, twice the memory of F16. */
final class F32KvCache extends KvCache {
    private final float[][] keys;
    private final float[][] values;

    F32KvCache(int layers, int kvDim, int headDim, int maxPositions) {
        super(layers, kvDim, headDim, maxPositions);
        keys = new float[layers][0];
        values = new float[layers][0];
    }

    @Override
    public KvCacheType type() {
        return KvCacheType.F32;
    }

    @Override
    public long allocatedBytes() {
        return 2L * layers * capacity * kvDim * Float.BYTES;
    }

    @Override
    protected void grow(int positions) {
        for (int l = 0; l < layers; l++) {
            keys[l] = java.util.Arrays.copyOf(keys[l], positions * kvDim);
            values[l] = java.util.Arrays.copyOf(values[l], positions * kvDim);
        }
        capacity = positions;
    }

    @Override
    protected void write(int layer, int pos, float[] k, int kOff, float[] v, int vOff) {
        System.arraycopy(k, kOff, keys[layer], pos * kvDim, kvDim);
        System.arraycopy(v, vOff, values[layer], pos * kvDim, kvDim);
    }

    @Override
    public void prepareQuery(float[] q, int off, int n) {}

    @Override
    protected float dot(int layer, int offset, float[] q, int qOff) {
        float[] k = keys[layer];
        float s = 0f;
        for (int d = 0; d < headDim; d++) s += k[offset + d] * q[qOff + d];
        return s;
    }

    @Override
    protected void scaleSum(float[] sum, int off, float factor) {
        for (int d = 0; d < headDim; d++) sum[off + d] *= factor;
    }

    @Override
    protected void addValue(int layer, int offset, float weight, float[] sum, int off) {
        float[] v = values[layer];
        for (int d = 0; d < headDim; d++) sum[off + d] = Math.fma(v[offset + d], weight, sum[off + d]);
    }

    @Override
    public boolean hasFloatTiles() {
        return true;
    }

    @Override
    protected void keysTransposed(int layer, int kvHead, int from, int count, float[] dst, int stride) {
        float[] k = keys[layer];
        for (int j = 0; j < count; j++) {
            int base = (from + j) * kvDim + kvHead * headDim;
            for (int d = 0; d < headDim; d++) dst[d * stride + j] = k[base + d];
        }
        if (count < stride) for (int d = 0; d < headDim; d++) java.util.Arrays.fill(dst, d * stride + count, (d + 1) * stride, 0f);
    }

    @Override
    protected void valuesTile(int layer, int kvHead, int from, int count, float[] dst) {
        for (int j = 0; j < count; j++) System.arraycopy(values[layer], (from + j) * kvDim + kvHead * headDim, dst, j * headDim, headDim);
        java.util.Arrays.fill(dst, count * headDim, Attention.KV_TILE * headDim, 0f);
    }

    @Override
    protected void readKey(int layer, int pos, float[] out) {
        System.arraycopy(keys[layer], pos * kvDim, out, 0, kvDim);
    }

    @Override
    protected void writeKey(int layer, int pos, float[] key) {
        System.arraycopy(key, 0, keys[layer], pos * kvDim, kvDim);
    }

    @Override
    protected void moveValue(int layer, int from, int to) {
        System.arraycopy(values[layer], from * kvDim, values[layer], to * kvDim, kvDim);
    }
}
