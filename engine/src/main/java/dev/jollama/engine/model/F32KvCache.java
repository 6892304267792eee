package dev.jollama.engine.model;

import java.util.Arrays;

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
            keys[l] = Arrays.copyOf(keys[l], positions * kvDim);
            values[l] = Arrays.copyOf(values[l], positions * kvDim);
        }
        capacity = positions;
    }

    @Override
    protected void write(int layer, int pos, float[] k, int kOff, float[] v, int vOff) {
        System.arraycopy(k, kOff, keys[layer], pos * kvDim, kvDim);
        System.arraycopy(v, vOff, values[layer], pos * kvDim, kvDim);
    }

    @Override
    protected void keyRow(int layer, int pos, int kvHead, float[] dst) {
        System.arraycopy(keys[layer], pos * kvDim + kvHead * headDim, dst, 0, headDim);
    }

    @Override
    protected void valueRow(int layer, int pos, int kvHead, float[] dst) {
        System.arraycopy(values[layer], pos * kvDim + kvHead * headDim, dst, 0, headDim);
    }

    @Override
    public void prepareQuery(float[] q, int off, int n) {}

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
