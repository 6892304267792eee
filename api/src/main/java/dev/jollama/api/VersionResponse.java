package dev.jollama.api;

/** GET /api/version. */
public record VersionResponse(String version) {
}
