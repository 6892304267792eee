package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One model of /api/tags: {@code name} and {@code model} are both the shortest display name, {@code digest} the
 * hex sha256 of the manifest file, {@code size} the sum of its config and layer sizes.
 */
public record ListModelResponse(
        String name,
        String model,
        @OmitEmpty @JsonProperty("remote_model") String remoteModel,
        @OmitEmpty @JsonProperty("remote_host") String remoteHost,
        @GoTime.Format @JsonProperty("modified_at") OffsetDateTime modifiedAt,
        long size,
        String digest,
        ModelDetails details,
        @OmitEmpty List<String> capabilities) {
}
