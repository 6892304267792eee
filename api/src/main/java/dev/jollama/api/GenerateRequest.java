package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * POST /api/generate. {@code format} is "json" or a JSON Schema object, kept as raw JSON; {@code options} is the
 * untyped map Ollama takes (see {@link Options}). Boxed fields are null when absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GenerateRequest(
        String model,
        String prompt,
        String suffix,
        String system,
        String template,
        @OmitEmpty int[] context,
        Boolean stream,
        @OmitEmpty boolean raw,
        JsonNode format,
        @JsonProperty("keep_alive") KeepAlive keepAlive,
        @OmitEmpty List<byte[]> images,
        Map<String, Object> options,
        ThinkValue think,
        Boolean truncate,
        Boolean shift,
        @OmitEmpty @JsonProperty("_debug_render_only") boolean debugRenderOnly,
        @OmitEmpty boolean logprobs,
        @OmitEmpty @JsonProperty("top_logprobs") int topLogprobs) {

    /** A plain prompt with everything else left to the server. */
    public static GenerateRequest of(String model, String prompt) {
        return new GenerateRequest(model, prompt, null, null, null, null, null, false, null, null, null, null, null, null, null, false, false, 0);
    }

    public boolean streaming() {
        return stream == null || stream;
    }
}
