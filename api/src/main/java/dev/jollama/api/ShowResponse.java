package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** Answer of POST /api/show, fields in Ollama's order; {@code model_info} is always an object. */
public record ShowResponse(
        @OmitEmpty String license,
        @OmitEmpty String modelfile,
        @OmitEmpty String parameters,
        @OmitEmpty String template,
        @OmitEmpty String system,
        @OmitEmpty String renderer,
        @OmitEmpty String parser,
        ModelDetails details,
        @OmitEmpty List<Message> messages,
        @OmitEmpty @JsonProperty("remote_model") String remoteModel,
        @OmitEmpty @JsonProperty("remote_host") String remoteHost,
        @JsonProperty("model_info") Map<String, Object> modelInfo,
        @OmitEmpty @JsonProperty("projector_info") Map<String, Object> projectorInfo,
        @OmitEmpty List<TensorInfo> tensors,
        @OmitEmpty List<String> capabilities,
        @GoTime.Format @JsonProperty("modified_at") OffsetDateTime modifiedAt,
        @OmitEmpty String requires) {
}
