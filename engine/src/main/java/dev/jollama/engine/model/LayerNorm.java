package dev.jollama.engine.model;

/**
 * Layer normalisation with weight and bias, as ggml's {@code norm} followed by {@code mul} and {@code add}: the mean
 * and variance summed in double, the scale 1/sqrt(variance + eps) in float.
 */
public final class LayerNorm {
    private LayerNorm() {}

    /** out[outOff + i] = (x[off + i] - mean) / sqrt(var + eps) * w[i] + b[i] for i in [0, n); out may be x. */
    public static void apply(float[] x, int off, int n, float[] w, float[] b, float eps, float[] out, int outOff) {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += x[off + i];
        float mean = (float) (sum / n);
        double var = 0;
        for (int i = 0; i < n; i++) {
            float d = x[off + i] - mean;
            var += d * d;
        }
        float scale = 1f / (float) Math.sqrt((float) (var / n) + eps);
        for (int i = 0; i < n; i++) out[outOff + i] = (x[off + i] - mean) * scale * w[i] + b[i];
    }

    /** Normalises {@code count} consecutive vectors of {@code n} values each, in place. */
    public static void applyEach(float[] x, int off, int count, int n, float[] w, float[] b, float eps) {
        for (int i = 0; i < count; i++) apply(x, off + i * n, n, w, b, eps, x, off + i * n);
    }
}
