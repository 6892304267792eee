package dev.jollama.server.sched;

import dev.jollama.engine.EmbeddingModel;

import java.util.function.BooleanSupplier;

/**
 * A model in memory as the server uses it: a tokenizer, and one sequence (KV cache of {@link #contextLength}
 * positions) per parallel slot that completions run on. Sequences keep what they evaluated, so a prompt that
 * extends a slot's previous one only evaluates the rest. Completions on different slots may run at the same time.
 */
public interface LoadedModel extends AutoCloseable {

    /** How many sequences (parallel slots) the model was loaded with. */
    int sequences();

    /** Positions per sequence (the effective num_ctx). */
    int contextLength();

    /** Bytes the model takes in memory: weights plus every sequence's KV cache. */
    long sizeBytes();

    /** Token ids of {@code text}, special tokens parsed; BOS/EOS added as the model wants when {@code addSpecial}. */
    int[] tokenize(String text, boolean addSpecial);

    /** The text of token ids, special tokens as their text. */
    String detokenize(int[] tokens);

    /** How many leading tokens of {@code prompt} sequence {@code slot} already holds. */
    int cachedPrefix(int slot, int[] prompt);

    /**
     * Runs a completion on sequence {@code slot} to its end, reporting text as it is generated; {@code cancelled}
     * is polled between tokens and ends the completion with done reason "" when it turns true.
     *
     * @throws PromptTooLongException when the prompt does not fit and may not be truncated
     */
    CompletionResult complete(int slot, Completion request, CompletionListener listener, BooleanSupplier cancelled);

    /**
     * For an embedding model (one whose GGUF names a pooling type): the engine's model that embeds token sequences,
     * merging concurrent requests into shared forward passes. Null for models that only generate.
     */
    default EmbeddingModel embeddings() {
        return null;
    }

    @Override
    void close();

    /** The prompt is longer than the context and the request does not allow cutting it. */
    final class PromptTooLongException extends RuntimeException {
        public PromptTooLongException() {
            super("the prompt is longer than the context length currently available to the model; shorten the prompt, "
                    + "adjust the context length in settings, or use a model with a longer context length");
        }
    }
}
