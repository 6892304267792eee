package dev.jollama.api;

/** The text of the tokens, special tokens as their text. */
public record DetokenizeResponse(String model, String content) {
}
