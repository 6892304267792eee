package dev.jollama.server.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jollama.api.OmitEmpty;

import java.util.List;

/**
 * The config blob of a model (Ollama's ConfigV2), fields in Ollama's order: format, family, parameter size
 * ({@code model_type}), quantization ({@code file_type}) and the rest.
 */
public record ModelConfig(
        @JsonProperty("model_format") String modelFormat,
        @JsonProperty("model_family") String modelFamily,
        @JsonProperty("model_families") List<String> modelFamilies,
        @JsonProperty("model_type") String modelType,
        @JsonProperty("file_type") String fileType,
        @OmitEmpty String renderer,
        @OmitEmpty String parser,
        @OmitEmpty String requires,
        @OmitEmpty @JsonProperty("remote_host") String remoteHost,
        @OmitEmpty @JsonProperty("remote_model") String remoteModel,
        @OmitEmpty List<String> capabilities,
        @OmitEmpty @JsonProperty("context_length") int contextLength,
        @OmitEmpty @JsonProperty("embedding_length") int embeddingLength,
        @OmitEmpty @JsonProperty("base_name") String baseName,
        @OmitEmpty Draft draft,
        String architecture,
        String os) {

    public static final ModelConfig EMPTY = new ModelConfig("", "", null, "", "", null, null, null, null, null, null, 0, 0, null, null, "amd64", "linux");

    /** A speculative-decoding draft model stored in the same manifest. */
    public record Draft(
            @OmitEmpty @JsonProperty("model_format") String modelFormat,
            @OmitEmpty String architecture,
            @OmitEmpty @JsonProperty("tensor_prefix") String tensorPrefix,
            @OmitEmpty String config) {
    }
}
