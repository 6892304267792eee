package dev.jollama.engine.model;

import java.io.IOException;

/**
 * A GGUF file whose content does not describe a model the engine can run: an unknown architecture, missing or
 * inconsistent hyperparameters, a missing tensor or one whose shape does not fit the configuration.
 */
public class ModelFormatException extends IOException {
    public ModelFormatException(String message) {
        super(message);
    }
}
