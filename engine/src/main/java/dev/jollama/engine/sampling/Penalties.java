package dev.jollama.engine.sampling;

/**
 * Repeat, frequency and presence penalties over the last {@code lastN} tokens of the sequence (prompt included), as
 * llama.cpp applies them: a positive logit is divided by the repeat penalty, a negative one multiplied, then
 * {@code count * frequency + presence} is subtracted.
 */
public final class Penalties implements SamplerStage {
    private final int lastN;
    private final float repeat, frequency, presence;
    private final int[] counts;
    private final int[] ring;
    private int ringStart, ringSize;

    public Penalties(int vocabSize, int lastN, float repeat, float frequency, float presence) {
        this.lastN = Math.max(0, lastN);
        this.repeat = repeat;
        this.frequency = frequency;
        this.presence = presence;
        this.counts = new int[vocabSize];
        this.ring = new int[this.lastN];
    }

    private boolean disabled() {
        return lastN == 0 || (repeat == 1f && frequency == 0f && presence == 0f);
    }

    @Override
    public void accept(int token) {
        if (lastN == 0 || token < 0 || token >= counts.length) return;
        if (ringSize == lastN) {
            counts[ring[ringStart]]--;
            ring[ringStart] = token;
            ringStart = (ringStart + 1) % lastN;
        } else {
            ring[(ringStart + ringSize++) % lastN] = token;
        }
        counts[token]++;
    }

    @Override
    public void apply(Candidates c) {
        if (disabled()) return;
        if (c.inIdOrder()) {
            applyToRecent(c);
        } else {
            for (int i = 0; i < c.size; i++) {
                int n = counts[c.ids[i]];
                if (n > 0) c.logits[i] = penalized(c.logits[i], n);
            }
        }
        c.sorted = false;
    }

    /**
     * The whole vocabulary at its ids' positions (the chain's first stage): only the tokens in the window change, so
     * visit those instead of every candidate, each distinct token once (its count is negated while visited).
     */
    private void applyToRecent(Candidates c) {
        for (int j = 0; j < ringSize; j++) {
            int t = ring[(ringStart + j) % lastN];
            int n = counts[t];
            if (n <= 0) continue;
            c.logits[t] = penalized(c.logits[t], n);
            counts[t] = -n;
        }
        for (int j = 0; j < ringSize; j++) {
            int t = ring[(ringStart + j) % lastN];
            if (counts[t] < 0) counts[t] = -counts[t];
        }
    }

    private float penalized(float l, int n) {
        l = l <= 0 ? l * repeat : l / repeat;
        return l - (n * frequency + presence);
    }
}
