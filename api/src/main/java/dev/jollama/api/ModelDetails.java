package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** {@code details} of a model in /api/tags, /api/show and /api/ps. */
public record ModelDetails(
        @JsonProperty("parent_model") String parentModel,
        String format,
        String family,
        List<String> families,
        @JsonProperty("parameter_size") String parameterSize,
        @JsonProperty("quantization_level") String quantizationLevel,
        @OmitEmpty @JsonProperty("context_length") int contextLength,
        @OmitEmpty @JsonProperty("embedding_length") int embeddingLength) {
}
