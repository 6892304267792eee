package dev.jollama.engine.sampling;

/** Drops tokens whose probability is below p times the most likely token's (a logit cut at max + ln p). */
public final class MinP implements SamplerStage {
    private final float p;

    public MinP(float p) {
        this.p = p;
    }

    @Override
    public void apply(Candidates c) {
        if (p <= 0f || c.size == 0) return;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < c.size; i++) max = Math.max(max, c.logits[i]);
        float min = max + (float) Math.log(p);
        int kept = 0;
        for (int i = 0; i < c.size; i++) {
            if (c.logits[i] >= min) {
                c.ids[kept] = c.ids[i];
                c.logits[kept] = c.logits[i];
                kept++;
            }
        }
        if (kept < c.size) c.reordered();
        c.size = kept;
    }
}
