package dev.jollama.engine.model;

import java.util.Arrays;

/**
 * A KV cache of IEEE half floats, llama.cpp's default. Its one-row attention reproduces ggml's CPU flash attention
 * for an F16 cache: the query is rounded to F16, q.k summed as ggml's F16 dot product does, and the running weighted
 * sum of values kept in F16 (rounded after every update), so results match llama.cpp's to float rounding. The
 * conversion loops are plain loops over {@code Float.float16ToFloat}/{@code floatToFloat16}, which C2 turns into
 * vector conversions.
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
            keys[l] = Arrays.copyOf(keys[l], positions * kvDim);
            values[l] = Arrays.copyOf(values[l], positions * kvDim);
        }
        capacity = positions;
    }

    @Override
    protected void write(int layer, int pos, float[] k, int kOff, float[] v, int vOff) {
        toHalves(k, kOff, keys[layer], pos * kvDim, kvDim);
        toHalves(v, vOff, values[layer], pos * kvDim, kvDim);
    }

    private static void toHalves(float[] src, int off, short[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) dst[dstOff + i] = Float.floatToFloat16(src[off + i]);
    }

    private static void toFloats(short[] src, int off, float[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) dst[dstOff + i] = Float.float16ToFloat(src[off + i]);
    }

    @Override
    protected void keyRow(int layer, int pos, int kvHead, float[] dst) {
        toFloats(keys[layer], pos * kvDim + kvHead * headDim, dst, 0, headDim);
    }

    @Override
    protected void valueRow(int layer, int pos, int kvHead, float[] dst) {
        toFloats(values[layer], pos * kvDim + kvHead * headDim, dst, 0, headDim);
    }

    @Override
    public void prepareQuery(float[] q, int off, int n) {
        for (int i = off; i < off + n; i++) q[i] = Float.float16ToFloat(Float.floatToFloat16(q[i]));
    }

    /** ggml_vec_mad_f16: the sum stays in F16. */
    @Override
    protected void accumulate(float[] acc, int off, float[] v, float w) {
        for (int d = 0; d < headDim; d++) acc[off + d] = Float.float16ToFloat(Float.floatToFloat16(Math.fma(v[d], w, acc[off + d])));
    }

    /** ggml_vec_scale_f16. */
    @Override
    protected void rescale(float[] acc, int off, float factor) {
        for (int d = 0; d < headDim; d++) acc[off + d] = Float.float16ToFloat(Float.floatToFloat16(acc[off + d] * factor));
    }

    @Override
    protected void readKey(int layer, int pos, float[] out) {
        toFloats(keys[layer], pos * kvDim, out, 0, kvDim);
    }

    @Override
    protected void writeKey(int layer, int pos, float[] key) {
        toHalves(key, 0, keys[layer], pos * kvDim, kvDim);
    }

    @Override
    protected void moveValue(int layer, int from, int to) {
        System.arraycopy(values[layer], from * kvDim, values[layer], to * kvDim, kvDim);
    }
}
