package dev.jollama.engine.sampling;

/** Divides logits by the temperature; at 0 or below only the most likely token keeps a finite logit. */
public final class Temperature implements SamplerStage {
    private final float t;

    public Temperature(float t) {
        this.t = t;
    }

    @Override
    public void apply(Candidates c) {
        if (c.size == 0) return;
        if (t <= 0f) {
            int best = 0;
            for (int i = 1; i < c.size; i++) if (c.logits[i] > c.logits[best]) best = i;
            for (int i = 0; i < c.size; i++) if (i != best) c.logits[i] = Float.NEGATIVE_INFINITY;
            return;
        }
        for (int i = 0; i < c.size; i++) c.logits[i] /= t;
    }
}
