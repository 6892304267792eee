package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * POST /api/create. {@code files} and {@code adapters} map file names to "sha256:<hex>" digests of uploaded blobs;
 * {@code license} is a string or a list of strings; {@code parameters} is typed as {@link Options} types them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateRequest(
        String model,
        Boolean stream,
        @OmitEmpty String quantize,
        @OmitEmpty @JsonProperty("draft_quantize") String draftQuantize,
        @OmitEmpty String from,
        @OmitEmpty @JsonProperty("remote_host") String remoteHost,
        @OmitEmpty Map<String, String> files,
        @OmitEmpty @JsonProperty("draft_files") Map<String, String> draftFiles,
        @OmitEmpty Map<String, String> adapters,
        @OmitEmpty String template,
        @OmitEmpty JsonNode license,
        @OmitEmpty String system,
        @OmitEmpty Map<String, Object> parameters,
        @OmitEmpty List<Message> messages,
        @OmitEmpty String renderer,
        @OmitEmpty String parser,
        @OmitEmpty String requires,
        @OmitEmpty Map<String, Object> info,
        @OmitEmpty String name,
        @OmitEmpty String quantization) {

    /** A request with only the model name set; fill the rest with the with-ers or the canonical constructor. */
    public static CreateRequest named(String model) {
        return new CreateRequest(model, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** {@code model}, or the legacy {@code name} when model is empty. */
    public String modelName() {
        return Names.either(model, name);
    }

    /** {@code quantize}, or the legacy {@code quantization}. */
    public String quantizeType() {
        return Names.either(quantize, quantization);
    }

    public boolean streaming() {
        return stream == null || stream;
    }

    /**
     * The licenses as a list: a string is one license, an array its strings. Anything else is an error, as Ollama
     * answers it.
     */
    public List<String> licenses() {
        List<String> out = new ArrayList<>();
        if (license == null || license.isNull()) return out;
        if (license.isTextual()) {
            out.add(license.textValue());
            return out;
        }
        if (license.isArray()) {
            for (JsonNode n : license) {
                if (!n.isTextual()) throw new IllegalArgumentException("invalid license type: " + n.getNodeType().toString().toLowerCase());
                out.add(n.textValue());
            }
            return out;
        }
        throw new IllegalArgumentException("invalid license type: " + license.getNodeType().toString().toLowerCase());
    }
}
