package dev.jollama.engine.model;

/** Adds a bias vector to every row of a batch of activations. */
final class Bias {
    private Bias() {}

    /** a[t * dim + i] += bias[i] for the n rows of a; nothing when bias is null. */
    static void add(float[] a, int n, int dim, float[] bias) {
        if (bias == null) return;
        for (int t = 0; t < n; t++) for (int i = 0; i < dim; i++) a[t * dim + i] += bias[i];
    }
}
