package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Locale;

/** A chat message; the role is lower-cased on the way in, as Ollama does. */
public record Message(
        String role,
        String content,
        @OmitEmpty String thinking,
        @OmitEmpty List<byte[]> images,
        @OmitEmpty @JsonProperty("tool_calls") List<ToolCall> toolCalls,
        @OmitEmpty @JsonProperty("tool_name") String toolName,
        @OmitEmpty @JsonProperty("tool_call_id") String toolCallId) {

    public Message {
        role = role == null ? "" : role.toLowerCase(Locale.ROOT);
        if (content == null) content = "";
    }

    public static Message of(String role, String content) {
        return new Message(role, content, null, null, null, null, null);
    }
}
