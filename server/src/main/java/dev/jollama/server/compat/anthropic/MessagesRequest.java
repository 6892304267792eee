package dev.jollama.server.compat.anthropic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.KeepAlive;

import java.util.List;
import java.util.Map;

/**
 * POST /v1/messages and /v1/messages/count_tokens as the Anthropic SDKs send them. {@code system}, message
 * {@code content}, tools and {@code tool_choice} are kept raw (several shapes); plus Ollama's extras
 * {@code options}, {@code num_ctx}, {@code keep_alive}.
 */
public record MessagesRequest(
        String model,
        @JsonProperty("max_tokens") Integer maxTokens,
        List<MessageParam> messages,
        JsonNode system,
        boolean stream,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        @JsonProperty("top_k") Integer topK,
        @JsonProperty("stop_sequences") List<String> stopSequences,
        List<JsonNode> tools,
        @JsonProperty("tool_choice") JsonNode toolChoice,
        Thinking thinking,
        @JsonProperty("output_config") OutputConfig outputConfig,
        Map<String, Object> options,
        @JsonProperty("num_ctx") Integer numCtx,
        @JsonProperty("keep_alive") KeepAlive keepAlive) {

    /** A message: {@code content} is a string or a list of blocks. */
    public record MessageParam(String role, JsonNode content) {}

    /** {@code thinking}: type "enabled" or "disabled"; the budget is not enforced. */
    public record Thinking(String type, @JsonProperty("budget_tokens") Integer budgetTokens) {}

    public record OutputConfig(String effort) {}
}
