package dev.jollama.engine.sampling;

/** Nucleus sampling: keeps the most likely tokens until their probabilities add up to p. */
public final class TopP implements SamplerStage {
    private final float p;

    public TopP(float p) {
        this.p = p;
    }

    @Override
    public void apply(Candidates c) {
        if (p >= 1f) return;
        c.sortAll();
        c.softmax();
        float cum = 0f;
        for (int i = 0; i < c.size; i++) {
            cum += c.probs[i];
            if (cum >= p) {
                c.size = i + 1;
                return;
            }
        }
    }
}
