package dev.jollama.engine.runtime;

/** Why a generation ended, in Ollama's terms ({@code done_reason}). */
public enum DoneReason {
    /** An end-of-generation token, a stop string, or a completed constraint. */
    STOP("stop"),
    /** num_predict reached, or the context is full and shifting it is not allowed. */
    LENGTH("length"),
    /** The caller cancelled (e.g. the client went away). */
    CANCELLED("");

    public final String ollamaName;

    DoneReason(String ollamaName) {
        this.ollamaName = ollamaName;
    }
}
