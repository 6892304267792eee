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
    public void attend(int layer, int kvHead, float[] q, int qOff, int from, int to, float scale, float softcap, float[] out, int outOff) {
        float[] k = keys[layer], v = values[layer];
        float s0 = softcap != 0f ? scale / softcap : scale;
        float max = Float.NEGATIVE_INFINITY, sum = 0f;
        java.util.Arrays.fill(out, outOff, outOff + headDim, 0f);
        for (int p = from; p <= to; p++) {
            int base = p * kvDim + kvHead * headDim;
            float s = 0f;
            for (int d = 0; d < headDim; d++) s += k[base + d] * q[qOff + d];
            s *= s0;
            if (softcap != 0f) s = softcap * (float) Math.tanh(s);
            float ms = 1f, vs = 1f;
            if (s > max) {
                ms = (float) Math.exp(max - s);
                max = s;
                for (int d = 0; d < headDim; d++) out[outOff + d] *= ms;
            } else {
                vs = (float) Math.exp(s - max);
            }
            for (int d = 0; d < headDim; d++) out[outOff + d] = Math.fma(v[base + d], vs, out[outOff + d]);
            sum = sum * ms + vs;
        }
        float inv = sum == 0f ? 0f : 1f / sum;
        for (int d = 0; d < headDim; d++) out[outOff + d] *= inv;
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
