package dev.jollama.engine.model;

/** RMS normalisation as ggml computes it: squares summed in double, scale 1/sqrt(mean + eps) in float, then weights. */
public final class RmsNorm {
    private RmsNorm() {}

    /** out[outOff + i] = x[off + i] / rms(x) * w[i] for i in [0, n); out may be x. */
    public static void apply(float[] x, int off, int n, float[] w, float eps, float[] out, int outOff) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float v = x[off + i];
            sum += v * v;
        }
        float mean = (float) (sum / n);
        float scale = 1f / (float) Math.sqrt(mean + eps);
        for (int i = 0; i < n; i++) out[outOff + i] = (x[off + i] * scale) * w[i];
    }

    /** Normalises {@code count} consecutive vectors of {@code n} values each, in place. */
    public static void applyEach(float[] x, int off, int count, int n, float[] w, float eps) {
        for (int i = 0; i < count; i++) apply(x, off + i * n, n, w, eps, x, off + i * n);
    }
}
