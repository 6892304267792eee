package dev.jollama.server.compat.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.KeepAlive;

import java.util.List;
import java.util.Map;

/**
 * POST /v1/chat/completions as the OpenAI SDKs send it, plus Ollama's extras: {@code options} (any Ollama option),
 * {@code num_ctx}, {@code keep_alive} and {@code _debug_render_only}. Fields whose JSON may take several shapes
 * ({@code stop}, {@code tool_choice}, message {@code content}, tool definitions) are kept raw.
 */
public record ChatCompletionRequest(
        String model,
        List<Message> messages,
        boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        @JsonProperty("max_tokens") Integer maxTokens,
        @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
        Long seed,
        JsonNode stop,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        @JsonProperty("frequency_penalty") Double frequencyPenalty,
        @JsonProperty("presence_penalty") Double presencePenalty,
        @JsonProperty("response_format") ResponseFormat responseFormat,
        List<JsonNode> tools,
        @JsonProperty("tool_choice") JsonNode toolChoice,
        Reasoning reasoning,
        @JsonProperty("reasoning_effort") String reasoningEffort,
        Boolean logprobs,
        @JsonProperty("top_logprobs") Integer topLogprobs,
        Integer n,
        @JsonProperty("_debug_render_only") boolean debugRenderOnly,
        Map<String, Object> options,
        @JsonProperty("num_ctx") Integer numCtx,
        @JsonProperty("keep_alive") KeepAlive keepAlive) {

    /** A message: {@code content} is a string, a list of parts, or null beside tool calls. */
    public record Message(
            String role,
            JsonNode content,
            String reasoning,
            @JsonProperty("reasoning_content") String reasoningContent,
            @JsonProperty("tool_calls") List<ToolCall> toolCalls,
            String name,
            @JsonProperty("tool_call_id") String toolCallId) {
    }

    /** A tool call of an earlier assistant turn: {@code arguments} is a JSON string (an object is taken too). */
    public record ToolCall(String id, String type, Function function) {
        public record Function(String name, JsonNode arguments) {}
    }

    public record StreamOptions(@JsonProperty("include_usage") boolean includeUsage) {}

    public record ResponseFormat(String type, @JsonProperty("json_schema") JsonSchema jsonSchema) {}

    public record JsonSchema(String name, JsonNode schema, Boolean strict) {}

    public record Reasoning(String effort) {}
}
