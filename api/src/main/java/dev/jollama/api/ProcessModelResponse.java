package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.OffsetDateTime;

/** A loaded model in /api/ps. */
public record ProcessModelResponse(
        String name,
        String model,
        long size,
        String digest,
        ModelDetails details,
        @GoTime.Format @JsonProperty("expires_at") OffsetDateTime expiresAt,
        @JsonProperty("size_vram") long sizeVram,
        @JsonProperty("context_length") int contextLength) {
}
