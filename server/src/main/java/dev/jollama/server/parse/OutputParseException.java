package dev.jollama.server.parse;

/** Model output that cannot be parsed (e.g. harmony tool-call arguments that are not JSON); Ollama reports it as an error. */
public class OutputParseException extends RuntimeException {
    public OutputParseException(String message) {
        super(message);
    }
}
