package dev.jollama.engine.model;

/**
 * A KV cache of Q8_0 blocks ({@code OLLAMA_KV_CACHE_TYPE=q8_0}): every 32 values share one F16 scale
 * {@code d = amax / 127}, each stored as round-half-even(x / d) in a byte. About half the memory of F16.
 */
final class Q8_0KvCache extends BlockKvCache {
    Q8_0KvCache(int layers, int kvDim, int headDim, int maxPositions) {
        super(layers, kvDim, headDim, maxPositions, BLOCK);
    }

    @Override
    public KvCacheType type() {
        return KvCacheType.Q8_0;
    }

    /** quantize_row_q8_0 (x86): d = amax / 127 kept as F16, q = round-half-even(x * 127 / amax). */
    static short quantizeQ8_0(float[] src, int off, byte[] dst, int dstOff) {
        float amax = 0;
        for (int i = 0; i < BLOCK; i++) amax = Math.max(amax, Math.abs(src[off + i]));
        float id = amax != 0 ? 127f / amax : 0f;
        for (int i = 0; i < BLOCK; i++) dst[dstOff + i] = (byte) Math.rint(src[off + i] * id);
        return Float.floatToFloat16(amax / 127f);
    }

    static void dequantizeQ8_0(byte[] src, int srcOff, float d, float[] dst, int dstOff) {
        for (int i = 0; i < BLOCK; i++) dst[dstOff + i] = src[srcOff + i] * d;
    }

    @Override
    protected short quantizeBlock(float[] src, int off, byte[] dst, int dstOff) {
        return quantizeQ8_0(src, off, dst, dstOff);
    }

    @Override
    protected void dequantizeBlock(byte[] src, int srcOff, float d, float[] dst, int dstOff) {
        dequantizeQ8_0(src, srcOff, d, dst, dstOff);
    }
}
