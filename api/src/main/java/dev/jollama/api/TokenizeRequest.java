package dev.jollama.api;

/** POST /api/tokenize (jollama's addition, as llama-server's /tokenize; ollama#3582): the text to tokenize. */
public record TokenizeRequest(String model, String content) {
}
