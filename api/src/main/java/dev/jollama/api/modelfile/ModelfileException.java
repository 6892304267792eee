package dev.jollama.api.modelfile;

/** A Modelfile that does not parse or cannot be turned into a create request; the message is worded as Ollama's. */
public final class ModelfileException extends Exception {
    private final int line;

    public ModelfileException(String message) {
        this(0, message);
    }

    public ModelfileException(int line, String message) {
        super(line > 0 ? "(line " + line + "): " + message : message);
        this.line = line;
    }

    /** The 1-based line the error was found on, or 0 when it is not tied to a line. */
    public int line() {
        return line;
    }
}
