package dev.jollama.server.registry;

import java.io.IOException;

/** A failed exchange with a registry, worded as Ollama words it ("file does not exist", "401: {...}"). */
public class RegistryException extends IOException {
    private final int status;

    public RegistryException(int status, String message) {
        super(message);
        this.status = status;
    }

    public RegistryException(String message) {
        this(0, message);
    }

    /** The HTTP status that caused it, 0 when none did. */
    public int status() {
        return status;
    }

    /** A 404: Go's os.ErrNotExist, which Ollama reports as "file does not exist". */
    public static RegistryException notFound() {
        return new RegistryException(404, "file does not exist");
    }
}
