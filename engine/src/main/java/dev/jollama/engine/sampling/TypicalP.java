package dev.jollama.engine.sampling;

/**
 * Locally typical sampling: orders tokens by how far their surprise (-ln p) is from the distribution's entropy and
 * keeps the closest until their probabilities exceed p.
 */
public final class TypicalP implements SamplerStage {
    private final float p;
    private int[] order = new int[0];
    private long[] keys = new long[0];

    public TypicalP(float p) {
        this.p = p;
    }

    @Override
    public void apply(Candidates c) {
        if (p >= 1f) return;
        c.sortAll();
        c.softmax();
        float entropy = 0f;
        for (int i = 0; i < c.size; i++) entropy += -c.probs[i] * (float) Math.log(c.probs[i]);
        if (order.length < c.size) {
            order = new int[c.size];
            keys = new long[c.size];
        }
        for (int i = 0; i < c.size; i++) {
            float shifted = Math.abs(-(float) Math.log(c.probs[i]) - entropy);
            keys[i] = ((long) Float.floatToIntBits(shifted) << 32) | i; // shifted >= 0: its bits sort like the value
        }
        java.util.Arrays.sort(keys, 0, c.size);
        float cum = 0f;
        int last = c.size;
        for (int i = 0; i < c.size; i++) {
            order[i] = (int) keys[i];
            cum += c.probs[order[i]];
            if (cum > p && last == c.size) last = i + 1;
        }
        c.keep(order, last);
        c.sorted = false;
    }
}
