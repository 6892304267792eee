package dev.jollama.engine.sampling;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the next token from logits with llama.cpp's sampler chain, in its order: penalties, top-k, typical-p, top-p,
 * min-p, temperature, then a draw from the remaining distribution (seeded Mersenne Twister). A
 * {@link TokenConstraint}, when given, masks the logits before the chain. One sampler serves one sequence; it
 * remembers the tokens it was told about for the penalties.
 */
public final class Sampler {
    private final List<SamplerStage> stages = new ArrayList<>();
    private final TokenConstraint constraint;
    private final Candidates candidates;
    private final Penalties penalties;
    private final Mt19937 rng;
    private final boolean greedy;
    /** Greedy, and no stage can drop the most likely token: the chain reduces to penalties and an argmax. */
    private final boolean argmaxOnly;

    /**
     * @param contextSize the sequence's context (num_ctx), which repeat_last_n = -1 stands for
     */
    public Sampler(SamplingOptions o, int vocabSize, int contextSize, TokenConstraint constraint) {
        this.constraint = constraint;
        this.candidates = new Candidates(vocabSize);
        int lastN = o.repeatLastN() == -1 ? contextSize : o.repeatLastN();
        this.penalties = new Penalties(vocabSize, lastN, o.repeatPenalty(), o.frequencyPenalty(), o.presencePenalty());
        stages.add(penalties);
        stages.add(new TopK(o.topK()));
        stages.add(new TypicalP(o.typicalP()));
        stages.add(new TopP(o.topP()));
        stages.add(new MinP(o.minP()));
        stages.add(new Temperature(o.temperature()));
        this.greedy = o.temperature() <= 0f;
        // top-k and top-p keep the first of the sorted candidates, min-p up to 1 keeps the maximum; typical-p may not
        this.argmaxOnly = greedy && o.typicalP() >= 1f && o.minP() <= 1f;
        long seed = o.seed();
        this.rng = new Mt19937(seed == -1 || seed == 0xFFFFFFFFL ? new SecureRandom().nextInt() : (int) seed);
    }

    /** Tells the sampler about prompt tokens (for the penalties); the constraint does not see them. */
    public void acceptPrompt(int[] tokens) {
        for (int t : tokens) for (SamplerStage s : stages) s.accept(t);
    }

    /** Records a generated token: penalties remember it, the constraint advances. */
    public void accept(int token) {
        for (SamplerStage s : stages) s.accept(token);
        if (constraint != null) constraint.accept(token);
    }

    /** The next token for the logits at {@code logits[offset .. offset + vocab)}; does not {@link #accept} it. */
    public int sample(float[] logits, int offset) {
        Candidates c = candidates;
        c.reset(logits, offset);
        if (constraint != null) constraint.mask(c.logits); // in id order after reset: logits[id] is token id's
        if (argmaxOnly) {
            // what the chain picks at temperature 0, without sorting: the first most likely token in id order
            penalties.apply(c);
            rng.nextDouble();
            return argmax(c);
        }
        for (SamplerStage s : stages) s.apply(c);
        if (c.size == 0) throw new IllegalStateException("the sampler chain left no candidate token");
        double r = rng.nextDouble();
        if (greedy) return argmax(c);
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < c.size; i++) max = Math.max(max, c.logits[i]);
        double sum = 0;
        for (int i = 0; i < c.size; i++) {
            c.probs[i] = (float) Math.exp(c.logits[i] - max);
            sum += c.probs[i];
        }
        double target = sum * r, run = 0;
        for (int i = 0; i < c.size; i++) {
            run += c.probs[i];
            if (run >= target && c.probs[i] > 0f) return c.ids[i];
        }
        return argmax(c);
    }

    public boolean constraintComplete() {
        return constraint != null && constraint.isComplete();
    }

    private static int argmax(Candidates c) {
        int best = 0;
        for (int i = 1; i < c.size; i++) if (c.logits[i] > c.logits[best]) best = i;
        return c.ids[best];
    }
}
