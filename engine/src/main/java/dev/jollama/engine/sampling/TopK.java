package dev.jollama.engine.sampling;

/** Keeps the k most likely tokens (k of 0 or less: all). */
public final class TopK implements SamplerStage {
    private final int k;

    public TopK(int k) {
        this.k = k;
    }

    @Override
    public void apply(Candidates c) {
        if (k <= 0) return;
        if (c.sorted) c.size = Math.min(k, c.size);
        else c.sortTop(k);
    }
}
