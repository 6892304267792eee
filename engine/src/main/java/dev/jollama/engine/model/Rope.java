package dev.jollama.engine.model;

/**
 * Rotary position embedding for one layer, computed as ggml's CPU rope does (float theta advanced by repeated
 * multiplication, YaRN ramp, per-dimension frequency factors), so rotated values match llama.cpp's to the last bits.
 */
public final class Rope {
    private final boolean neox;
    private final int dims;
    private final float freqScale;
    private final float thetaScale;
    private final float extFactor;
    private final float attnFactor;
    private final float corrLow;
    private final float corrHigh;
    private final float[] freqFactors;
    /** The angles of the position asked for last ({@link #anglesOf}), which every layer of a decoded token shares. */
    private final float[] lastAngles;
    private int lastPosition = -1;

    /**
     * @param freqFactors divisors of each frequency (Llama 3.1 rope_freqs, Phi-3 long/short factors), or null
     */
    public Rope(RopeConfig c, boolean sliding, float[] freqFactors) {
        this.neox = c.neox();
        this.dims = c.dimensions();
        float base = sliding ? c.slidingFreqBase() : c.freqBase();
        this.freqScale = sliding ? c.slidingFreqScale() : c.freqScale();
        this.thetaScale = (float) Math.pow(base, -2.0f / dims);
        this.extFactor = c.extFactor();
        this.attnFactor = c.attnFactor();
        this.corrLow = Math.max(0f, (float) Math.floor(correctionDim(dims, c.originalContext(), c.betaFast(), base)));
        this.corrHigh = Math.min(dims - 1, (float) Math.ceil(correctionDim(dims, c.originalContext(), c.betaSlow(), base)));
        this.freqFactors = freqFactors;
        this.lastAngles = new float[dims];
    }

    private static float correctionDim(int dims, int originalContext, float rotations, float base) {
        return dims * (float) Math.log(originalContext / (rotations * 2 * (float) Math.PI)) / (2 * (float) Math.log(base));
    }

    public int dimensions() {
        return dims;
    }

    /** Fills {@code cache[0 .. dims)} with interleaved cos/sin for a position (or a position delta). */
    public void angles(int position, float[] cache) {
        float theta = position;
        for (int i0 = 0; i0 < dims; i0 += 2) {
            float ff = freqFactors != null ? freqFactors[i0 / 2] : 1f;
            float extrap = theta / ff;
            float interp = freqScale * extrap;
            float t = interp;
            float mscale = attnFactor;
            if (extFactor != 0f) {
                float y = (i0 / 2 - corrLow) / Math.max(0.001f, corrHigh - corrLow);
                float rampMix = (1 - Math.min(1, Math.max(0, y))) * extFactor;
                t = interp * (1 - rampMix) + extrap * rampMix;
                mscale *= 1f + 0.1f * (float) Math.log(1f / freqScale);
            }
            cache[i0] = (float) Math.cos(t) * mscale;
            cache[i0 + 1] = (float) Math.sin(t) * mscale;
            theta *= thetaScale;
        }
    }

    /**
     * The angles of a position ({@link #angles}) in an array of this rope's that stays valid until the next call:
     * computed once for consecutive calls with one position (the layers of one decoded token). Not thread-safe.
     */
    public float[] anglesOf(int position) {
        if (position != lastPosition) {
            angles(position, lastAngles);
            lastPosition = position;
        }
        return lastAngles;
    }

    /** Rotates {@code heads} consecutive heads of {@code headDim} values starting at {@code off}, in place. */
    public void rotate(float[] x, int off, int heads, int headDim, float[] cache) {
        int half = dims / 2;
        for (int h = 0; h < heads; h++) {
            int base = off + h * headDim;
            for (int i0 = 0; i0 < dims; i0 += 2) {
                float cos = cache[i0], sin = cache[i0 + 1];
                int a = neox ? base + i0 / 2 : base + i0;
                int b = neox ? a + half : a + 1;
                float x0 = x[a], x1 = x[b];
                x[a] = x0 * cos - x1 * sin;
                x[b] = x0 * sin + x1 * cos;
            }
        }
    }
}
