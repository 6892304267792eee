package dev.jollama.engine.grammar;

/** A grammar that cannot be parsed or compiled (syntax error, undefined or left-recursive rule, ...). */
public class GrammarException extends IllegalArgumentException {
    public GrammarException(String message) {
        super(message);
    }
}
