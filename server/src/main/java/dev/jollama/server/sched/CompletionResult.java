package dev.jollama.server.sched;

/**
 * How a completion ended, in Ollama's terms: done reason "stop", "length", or "" when cancelled; prompt tokens
 * evaluated (those reused from the sequence's cache are not counted) and generated, with the nanoseconds each took.
 */
public record CompletionResult(String doneReason, int promptEvalCount, long promptEvalNanos, int evalCount, long evalNanos) {
}
