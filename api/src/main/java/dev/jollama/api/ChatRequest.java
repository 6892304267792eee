package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** POST /api/chat. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatRequest(
        String model,
        List<Message> messages,
        Boolean stream,
        JsonNode format,
        @JsonProperty("keep_alive") KeepAlive keepAlive,
        @OmitEmpty List<Tool> tools,
        Map<String, Object> options,
        ThinkValue think,
        Boolean truncate,
        Boolean shift,
        @OmitEmpty @JsonProperty("_debug_render_only") boolean debugRenderOnly,
        @OmitEmpty boolean logprobs,
        @OmitEmpty @JsonProperty("top_logprobs") int topLogprobs) {

    public static ChatRequest of(String model, List<Message> messages) {
        return new ChatRequest(model, messages, null, null, null, null, null, null, null, null, false, false, 0);
    }

    public ChatRequest withThink(ThinkValue value) {
        return new ChatRequest(model, messages, stream, format, keepAlive, tools, options, value, truncate, shift, debugRenderOnly, logprobs, topLogprobs);
    }

    public ChatRequest withStream(boolean value) {
        return new ChatRequest(model, messages, value, format, keepAlive, tools, options, think, truncate, shift, debugRenderOnly, logprobs, topLogprobs);
    }

    public boolean streaming() {
        return stream == null || stream;
    }
}
