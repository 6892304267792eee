package dev.jollama.server.embed;

import dev.jollama.server.http.ApiException;

/** The normalisations of embedding vectors on their way out, as llama-server and Ollama apply them. */
final class Vectors {
    private Vectors() {}

    /** llama-server's Euclidean normalisation ({@code embd_normalize} 2): squares summed in double, 0 stays 0. */
    static float[] engineNormalized(float[] v) {
        double sum = 0;
        for (float x : v) sum += (double) x * x;
        double norm = Math.sqrt(sum);
        float scale = norm > 0 ? (float) (1.0 / norm) : 0f;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * scale;
        return out;
    }

    /**
     * Ollama's normalize: NaN or infinity is a 400; squares summed in float32, scaled by 1 / max(norm, 1e-12).
     * With {@code dimensions} between 1 and the length, the vector is cut to that many values and normalised again.
     */
    static float[] ollamaNormalized(float[] v, int dimensions) {
        float[] out = normalized(v);
        if (dimensions > 0 && dimensions < out.length) out = normalized(java.util.Arrays.copyOf(out, dimensions));
        return out;
    }

    private static float[] normalized(float[] v) {
        float sum = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) throw ApiException.badRequest("embedding contains NaN or Inf values");
            sum += x * x;
        }
        float scale = (float) (1.0 / Math.max(Math.sqrt(sum), 1e-12));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * scale;
        return out;
    }
}
