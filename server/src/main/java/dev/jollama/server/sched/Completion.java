package dev.jollama.server.sched;

/**
 * One completion to run on a loaded model: the prompt's tokens (BOS included when the model wants one), the
 * request's options, the {@code format} as raw JSON ("json" or a schema; null for none) to constrain the output
 * with, logprobs, and the context handling switches.
 */
public record Completion(int[] prompt, RunOptions options, String format, boolean logprobs, int topLogprobs,
                         boolean shift, boolean truncate) {

    public Completion withPrompt(int[] newPrompt) {
        return new Completion(newPrompt, options, format, logprobs, topLogprobs, shift, truncate);
    }

    public Completion withFormat(String newFormat) {
        return new Completion(prompt, options, newFormat, logprobs, topLogprobs, shift, truncate);
    }
}
