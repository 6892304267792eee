package dev.jollama.engine.runtime;

/**
 * Receives a generation's output as it is produced, on the thread that runs the generation. Calls return quickly:
 * when several sessions are stepped together, a slow listener holds up every one of them.
 */
public interface GenerationListener {
    /** A token was generated (end-of-generation tokens are not reported). */
    void onToken(GeneratedToken token);

    /**
     * Text that was held back for a possible stop string and is released because generation ended otherwise
     * (num_predict, end of generation, cancellation). Called at most once, only with non-empty text, before
     * {@code generate} returns.
     */
    default void onTrailingText(String text) {}
}
