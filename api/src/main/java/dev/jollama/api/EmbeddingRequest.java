package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/** The legacy POST /api/embeddings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddingRequest(
        String model,
        String prompt,
        @JsonProperty("keep_alive") KeepAlive keepAlive,
        Map<String, Object> options) {
}
