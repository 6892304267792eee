package dev.jollama.server.parse;

/**
 * Splits streamed model output into content, thinking and tool calls. Text arrives in pieces of any size (a token,
 * a part of a token, or all at once); a parser releases what is certain and holds back what may still turn out to
 * be part of a tag, so feeding the same text in any split gives the same result in total.
 */
public interface OutputParser {

    /** Feeds the next piece of raw model output; returns what can be released now. */
    ParsedOutput add(String text);

    /** The model has stopped: returns whatever was held back, as Ollama would release it at the end. */
    ParsedOutput finish();
}
