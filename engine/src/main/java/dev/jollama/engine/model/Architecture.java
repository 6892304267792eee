package dev.jollama.engine.model;

/**
 * One model architecture ({@code general.architecture}): how it differs from the common llama-style decoder that
 * {@link Transformer} runs. Implementations only set the differences on the builder; the shared blocks do the rest.
 * Adding an architecture is adding one class here and one line in {@link Architectures}.
 */
public interface Architecture {
    /** The name used in {@code general.architecture}. */
    String name();

    /** Sets what this architecture does differently, reading its own metadata keys. */
    void configure(ModelConfig.Builder config, ModelMetadata metadata) throws ModelFormatException;
}
