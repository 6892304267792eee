package dev.jollama.engine.runtime;

/**
 * How a generation went.
 *
 * @param promptTokens   tokens of the prompt as evaluated (after truncation, if any)
 * @param cachedTokens   prompt tokens whose keys and values were reused from the session's previous request
 * @param promptTruncated whether the prompt was cut to fit the context
 * @param generatedTokens tokens sampled (including a final end-of-generation token)
 * @param promptNanos    time spent evaluating the prompt
 * @param generateNanos  time spent generating after the prompt
 */
public record GenerateResult(DoneReason doneReason, int promptTokens, int cachedTokens, boolean promptTruncated,
                             int generatedTokens, long promptNanos, long generateNanos) {

    /** Prompt tokens actually computed (Ollama's prompt_eval_count). */
    public int promptEvaluated() {
        return promptTokens - cachedTokens;
    }
}
