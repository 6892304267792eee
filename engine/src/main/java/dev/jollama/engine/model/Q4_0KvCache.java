package dev.jollama.engine.model;

/**
 * A KV cache of Q4_0 blocks ({@code OLLAMA_KV_CACHE_TYPE=q4_0}): every 32 values share one F16 scale
 * {@code d = -max / 8} (max the value of largest magnitude), each stored as a 4-bit {@code x / d + 8}; element j
 * of a block in the low nibble of byte j, element 16 + j in its high nibble. About a quarter of the memory of F16.
 */
final class Q4_0KvCache extends BlockKvCache {
    Q4_0KvCache(int layers, int kvDim, int headDim, int maxPositions) {
        super(layers, kvDim, headDim, maxPositions, BLOCK / 2);
    }

    @Override
    public KvCacheType type() {
        return KvCacheType.Q4_0;
    }

    /** quantize_row_q4_0: truncation of x / d + 8.5, at most 15. */
    @Override
    protected short quantizeBlock(float[] src, int off, byte[] dst, int dstOff) {
        float amax = 0, max = 0;
        for (int i = 0; i < BLOCK; i++) {
            float v = src[off + i];
            if (amax < Math.abs(v)) {
                amax = Math.abs(v);
                max = v;
            }
        }
        float d = max / -8f, id = d != 0f ? 1f / d : 0f;
        for (int j = 0; j < BLOCK / 2; j++) {
            int lo = Math.min(15, (int) (src[off + j] * id + 8.5f));
            int hi = Math.min(15, (int) (src[off + BLOCK / 2 + j] * id + 8.5f));
            dst[dstOff + j] = (byte) (lo | hi << 4);
        }
        return Float.floatToFloat16(d);
    }

    @Override
    protected void dequantizeBlock(byte[] src, int srcOff, float d, float[] dst, int dstOff) {
        for (int j = 0; j < BLOCK / 2; j++) {
            int b = src[srcOff + j];
            dst[dstOff + j] = ((b & 0x0f) - 8) * d;
            dst[dstOff + BLOCK / 2 + j] = ((b >> 4 & 0x0f) - 8) * d;
        }
    }
}
