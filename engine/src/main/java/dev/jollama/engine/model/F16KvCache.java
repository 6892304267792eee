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

    @Override
    public void attend(int layer, int kvHead, float[] q, int qOff, int from, int to, float scale, float softcap, float[] out, int outOff) {
        short[] k = keys[layer], v = values[layer];
        float s0 = softcap != 0f ? scale / softcap : scale;
        float max = Float.NEGATIVE_INFINITY, sum = 0f;
        java.util.Arrays.fill(out, outOff, outOff + headDim, 0f);
        for (int p = from; p <= to; p++) {
            int base = p * kvDim + kvHead * headDim;
            double dot = 0;
            for (int d = 0; d < headDim; d++) dot += Float.float16ToFloat(k[base + d]) * q[qOff + d];
            float s = (float) dot * s0;
            if (softcap != 0f) s = softcap * (float) Math.tanh(s);
            float ms = 1f, vs = 1f;
            if (s > max) {
                ms = (float) Math.exp(max - s);
                max = s;
                for (int d = 0; d < headDim; d++) out[outOff + d] = round(out[outOff + d] * ms);
            } else {
                vs = (float) Math.exp(s - max);
            }
            for (int d = 0; d < headDim; d++) out[outOff + d] = round(Math.fma(Float.float16ToFloat(v[base + d]), vs, out[outOff + d]));
            sum = sum * ms + vs;
        }
        float inv = sum == 0f ? 0f : 1f / sum;
        for (int d = 0; d < headDim; d++) out[outOff + d] *= inv;
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
