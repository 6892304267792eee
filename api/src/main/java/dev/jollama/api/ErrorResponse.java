package dev.jollama.api;

/** Every error Ollama answers: {@code {"error":"..."}}. */
public record ErrorResponse(String error) {
}
