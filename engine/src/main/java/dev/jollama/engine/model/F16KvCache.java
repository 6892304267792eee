package dev.jollama.engine.model;

/**
 * A KV cache of IEEE half floats, llama.cpp's default. The attention loop reproduces ggml's CPU flash attention for
 * an F16 cache: the query is rounded to F16, each q.k (exact products of two halves) is summed in double, and the
 * running weighted sum of values is kept in F16 (rounded after every update), so results match llama.cpp's to float
 * rounding.
 */
final class F16KvCache extends KvCache {
    private final short[][] keys;
    private final short[][] values;

    F16KvCache(int layers, int kvDim, int headDim, int maxPositions) {
        super(layers, kvDim, headDim, maxPositions);
        keys = new short[layers][0];
        values = new short[layers][0];
    }

    @Override
    public KvCacheType type() {
        return KvCacheType.F16;
    }

    @Override
    public long allocatedBytes() {
        return 2L * layers * capacity * kvDim * Short.BYTES;
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
        short[] kd = keys[layer], vd = values[layer];
        int base = pos * kvDim;
        for (int i = 0; i < kvDim; i++) {
            kd[base + i] = Float.floatToFloat16(k[kOff + i]);
            vd[base + i] = Float.floatToFloat16(v[vOff + i]);
        }
    }

    private static float round(float x) {
        return Float.float16ToFloat(Float.floatToFloat16(x));
    }

    @Override
    public void prepareQuery(float[] q, int off, int n) {
        for (int i = off; i < off + n; i++) q[i] = round(q[i]);
    }

    /** Products of two halves are exact in float; ggml sums them in double for heads narrower than its SIMD step. */
    @Override
    protected float dot(int layer, int offset, float[] q, int qOff) {
        short[] k = keys[layer];
        double s = 0;
        for (int d = 0; d < headDim; d++) s += Float.float16ToFloat(k[offset + d]) * q[qOff + d];
        return (float) s;
    }

    @Override
    protected void scaleSum(float[] sum, int off, float factor) {
        for (int d = 0; d < headDim; d++) sum[off + d] = round(sum[off + d] * factor);
    }

    @Override
    protected void addValue(int layer, int offset, float weight, float[] sum, int off) {
        short[] v = values[layer];
        for (int d = 0; d < headDim; d++) sum[off + d] = round(Math.fma(Float.float16ToFloat(v[offset + d]), weight, sum[off + d]));
    }

    @Override
    public boolean hasFloatTiles() {
        return true;
    }

    @Override
    protected void keysTransposed(int layer, int kvHead, int from, int count, float[] dst, int stride) {
        short[] k = keys[layer];
        for (int j = 0; j < count; j++) {
            int base = (from + j) * kvDim + kvHead * headDim;
            for (int d = 0; d < headDim; d++) dst[d * stride + j] = Float.float16ToFloat(k[base + d]);
        }
        if (count < stride) for (int d = 0; d < headDim; d++) java.util.Arrays.fill(dst, d * stride + count, (d + 1) * stride, 0f);
    }

    @Override
    protected void valuesTile(int layer, int kvHead, int from, int count, float[] dst) {
        short[] v = values[layer];
        for (int j = 0; j < count; j++) {
            int base = (from + j) * kvDim + kvHead * headDim;
            for (int d = 0; d < headDim; d++) dst[j * headDim + d] = Float.float16ToFloat(v[base + d]);
        }
        java.util.Arrays.fill(dst, count * headDim, Attention.KV_TILE * headDim, 0f);
    }

    @Override
    protected void readKey(int layer, int pos, float[] out) {
        short[] kd = keys[layer];
        for (int i = 0; i < kvDim; i++) out[i] = Float.float16ToFloat(kd[pos * kvDim + i]);
    }

    @Override
    protected void writeKey(int layer, int pos, float[] key) {
        short[] kd = keys[layer];
        for (int i = 0; i < kvDim; i++) kd[pos * kvDim + i] = Float.floatToFloat16(key[i]);
    }

    @Override
    protected void moveValue(int layer, int from, int to) {
        System.arraycopy(values[layer], from * kvDim, values[layer], to * kvDim, kvDim);
    }
}
