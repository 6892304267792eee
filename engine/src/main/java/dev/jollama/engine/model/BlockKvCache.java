package dev.jollama.engine.model;

import java.util.Arrays;

/**
 * A KV cache quantized in blocks of 32 elements with one F16 scale each, as llama.cpp's {@code --cache-type-k/v}
 * q8_0 and q4_0 (Ollama's {@code OLLAMA_KV_CACHE_TYPE}). A subclass says how one block is packed. As in ggml's
 * one-row attention for these types, the query is rounded to Q8_0 (their vec_dot_type) before q.k, keys and values
 * are read back as floats and the value sum is kept in float. Heads must be whole blocks ({@link KvCache#create}
 * falls back to F16 otherwise).
 *
 * <p>As llama.cpp does for quantized caches when heads are a multiple of 64 wide, keys and values are rotated by an
 * orthonormal Walsh-Hadamard matrix before they are quantized, which spreads outliers over the block and so loses
 * less: keys (and the query, so q.k is unchanged) in chunks of the largest power of two dividing the head width,
 * values in chunks of 64, rotated back when read.
 */
abstract sealed class BlockKvCache extends KvCache permits Q8_0KvCache, Q4_0KvCache {
    static final int BLOCK = 32;

    private static final int ROTATION = 64;

    private final int blockBytes;
    /** Hadamard rotation chunk of keys and of values, 0 for none. */
    private final int keyRotation, valueRotation;
    /** One row of keys or values on its way into storage (writes come from one thread). */
    private final float[] row;
    private final byte[][] keys, values;
    /** The F16 scale of each block, per layer: [position * kvDim / 32 + block]. */
    private final short[][] keyScales, valueScales;

    BlockKvCache(int layers, int kvDim, int headDim, int maxPositions, int blockBytes) {
        super(layers, kvDim, headDim, maxPositions);
        if (headDim % BLOCK != 0) throw new IllegalArgumentException("a " + type() + " cache needs heads of whole " + BLOCK + "-blocks, not " + headDim);
        this.blockBytes = blockBytes;
        this.keyRotation = headDim % ROTATION == 0 ? Integer.lowestOneBit(headDim) : 0;
        this.valueRotation = headDim % ROTATION == 0 ? ROTATION : 0;
        this.row = new float[kvDim];
        keys = new byte[layers][0];
        values = new byte[layers][0];
        keyScales = new short[layers][0];
        valueScales = new short[layers][0];
    }

    /** Packs src[off .. off + 32) into dst[dstOff .. dstOff + blockBytes) and returns the block's F16 scale. */
    protected abstract short quantizeBlock(float[] src, int off, byte[] dst, int dstOff);

    /** Unpacks one block with scale {@code d} into dst[dstOff .. dstOff + 32). */
    protected abstract void dequantizeBlock(byte[] src, int srcOff, float d, float[] dst, int dstOff);

    @Override
    public long allocatedBytes() {
        return 2L * layers * type().bytes((long) capacity * kvDim);
    }

    @Override
    protected void grow(int positions) {
        int blocks = positions * kvDim / BLOCK;
        for (int l = 0; l < layers; l++) {
            keys[l] = Arrays.copyOf(keys[l], blocks * blockBytes);
            values[l] = Arrays.copyOf(values[l], blocks * blockBytes);
            keyScales[l] = Arrays.copyOf(keyScales[l], blocks);
            valueScales[l] = Arrays.copyOf(valueScales[l], blocks);
        }
        capacity = positions;
    }

    /** Multiplies every {@code chunk} elements of x[off .. off + n) by the orthonormal Walsh-Hadamard matrix (its own inverse). */
    static void rotate(float[] x, int off, int n, int chunk) {
        if (chunk == 0) return;
        float scale = (float) (1.0 / Math.sqrt(chunk));
        for (int c = off; c < off + n; c += chunk) {
            for (int h = 1; h < chunk; h *= 2) {
                for (int i = c; i < c + chunk; i += 2 * h) {
                    for (int j = i; j < i + h; j++) {
                        float a = x[j], b = x[j + h];
                        x[j] = a + b;
                        x[j + h] = a - b;
                    }
                }
            }
            for (int i = c; i < c + chunk; i++) x[i] *= scale;
        }
    }

    /** Quantizes n elements (whole blocks) starting at element {@code element} of a layer's storage. */
    private void quantize(float[] src, int off, byte[] q, short[] scales, int element, int n) {
        for (int b = 0; b < n; b += BLOCK) {
            int block = (element + b) / BLOCK;
            scales[block] = quantizeBlock(src, off + b, q, block * blockBytes);
        }
    }

    private void dequantize(byte[] q, short[] scales, int element, float[] dst, int dstOff, int n) {
        for (int b = 0; b < n; b += BLOCK) {
            int block = (element + b) / BLOCK;
            dequantizeBlock(q, block * blockBytes, Float.float16ToFloat(scales[block]), dst, dstOff + b);
        }
    }

    @Override
    protected void write(int layer, int pos, float[] k, int kOff, float[] v, int vOff) {
        writeKey(layer, pos, k, kOff);
        System.arraycopy(v, vOff, row, 0, kvDim);
        rotate(row, 0, kvDim, valueRotation);
        quantize(row, 0, values[layer], valueScales[layer], pos * kvDim, kvDim);
    }

    /** The key as stored: rotated (the query is rotated alike). */
    @Override
    protected void keyRow(int layer, int pos, int kvHead, float[] dst) {
        dequantize(keys[layer], keyScales[layer], pos * kvDim + kvHead * headDim, dst, 0, headDim);
    }

    @Override
    protected void valueRow(int layer, int pos, int kvHead, float[] dst) {
        dequantize(values[layer], valueScales[layer], pos * kvDim + kvHead * headDim, dst, 0, headDim);
        rotate(dst, 0, headDim, valueRotation);
    }

    /** The query rotated as the keys are, then rounded to ggml's vec_dot_type for Q8_0 and Q4_0 keys: Q8_0. */
    @Override
    public void prepareQuery(float[] q, int off, int n) {
        rotate(q, off, n, keyRotation);
        byte[] qs = new byte[BLOCK];
        for (int b = 0; b < n; b += BLOCK) {
            float d = Float.float16ToFloat(Q8_0KvCache.quantizeQ8_0(q, off + b, qs, 0));
            Q8_0KvCache.dequantizeQ8_0(qs, 0, d, q, off + b);
        }
    }

    @Override
    public void prepareTileQuery(float[] q, int off, int n) {
        prepareQuery(q, off, n);
    }

    @Override
    protected void readKey(int layer, int pos, float[] out) {
        dequantize(keys[layer], keyScales[layer], pos * kvDim, out, 0, kvDim);
        rotate(out, 0, kvDim, keyRotation);
    }

    @Override
    protected void writeKey(int layer, int pos, float[] key) {
        writeKey(layer, pos, key, 0);
    }

    private void writeKey(int layer, int pos, float[] key, int off) {
        System.arraycopy(key, off, row, 0, kvDim);
        rotate(row, 0, kvDim, keyRotation);
        quantize(row, 0, keys[layer], keyScales[layer], pos * kvDim, kvDim);
    }

    @Override
    protected void moveValue(int layer, int from, int to) {
        int blocks = kvDim / BLOCK;
        System.arraycopy(values[layer], from * blocks * blockBytes, values[layer], to * blocks * blockBytes, blocks * blockBytes);
        System.arraycopy(valueScales[layer], from * blocks, valueScales[layer], to * blocks, blocks);
    }
}
