package dev.jollama.api;

/** POST /api/copy. */
public record CopyRequest(String source, String destination) {
}
