package dev.jollama.api;

/** GET /api/status: whether Ollama's cloud features are disabled, and by what ("none", "env", "config", "both"). */
public record StatusResponse(Cloud cloud) {
    public record Cloud(boolean disabled, String source) {
    }
}
