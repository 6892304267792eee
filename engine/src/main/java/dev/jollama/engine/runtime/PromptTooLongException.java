package dev.jollama.engine.runtime;

/** The prompt does not fit the context and may not be truncated. The message is Ollama's. */
public final class PromptTooLongException extends IllegalArgumentException {
    public PromptTooLongException() {
        super("the prompt is longer than the context length currently available to the model; shorten the prompt, "
                + "adjust the context length in settings, or use a model with a longer context length");
    }
}
