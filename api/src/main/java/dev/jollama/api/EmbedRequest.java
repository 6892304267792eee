package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** POST /api/embed: {@code input} is a string or a list of strings, kept raw so the server can say "invalid input type". */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbedRequest(
        String model,
        JsonNode input,
        @JsonProperty("keep_alive") KeepAlive keepAlive,
        Boolean truncate,
        @OmitEmpty int dimensions,
        Map<String, Object> options) {
}
