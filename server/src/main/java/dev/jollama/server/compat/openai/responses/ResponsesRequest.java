package dev.jollama.server.compat.openai.responses;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.KeepAlive;

import java.util.List;
import java.util.Map;

/**
 * POST /v1/responses (stateless): {@code input} is a string or a list of items, kept raw and read by
 * {@link ResponsesInput}; tools are kept raw for their schemas. Plus Ollama's extras as for chat completions.
 */
public record ResponsesRequest(
        String model,
        JsonNode input,
        String instructions,
        @JsonProperty("max_output_tokens") Integer maxOutputTokens,
        Reasoning reasoning,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        Text text,
        List<JsonNode> tools,
        @JsonProperty("tool_choice") JsonNode toolChoice,
        Boolean stream,
        String truncation,
        boolean background,
        @JsonProperty("previous_response_id") String previousResponseId,
        JsonNode conversation,
        Map<String, Object> options,
        @JsonProperty("num_ctx") Integer numCtx,
        @JsonProperty("keep_alive") KeepAlive keepAlive) {

    public record Reasoning(String effort, String summary, @JsonProperty("generate_summary") String generateSummary) {}

    public record Text(Format format) {}

    /** {@code text.format}: "text", "json_object" or "json_schema" with its name, schema and strict flag. */
    public record Format(String type, String name, JsonNode schema, Boolean strict) {}

    public boolean streaming() {
        return stream != null && stream;
    }
}
