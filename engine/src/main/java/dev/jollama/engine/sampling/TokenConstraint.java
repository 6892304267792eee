package dev.jollama.engine.sampling;

/**
 * A restriction on which tokens may come next (grammar-constrained decoding, JSON mode). The sampler calls
 * {@link #mask} on the raw logits before its chain runs, {@link #accept} with every token it picks, and the
 * generation loop ends (done reason "stop") once {@link #isComplete} turns true.
 *
 * <p>Contract: {@code mask} sets the logits of forbidden tokens to negative infinity and leaves the rest alone; it
 * must leave at least one token allowed. Implementations are used by one sequence at a time.
 */
public interface TokenConstraint {
    /** Sets {@code logits[id]} to -infinity for every token id not allowed next. */
    void mask(float[] logits);

    /** Advances the constraint past a token that was picked. */
    void accept(int token);

    /** True when the constrained output is complete and generation should stop. */
    boolean isComplete();
}
