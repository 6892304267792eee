package dev.jollama.server.template;

import java.util.List;

/**
 * One chat turn as templates see it (Ollama's api.Message): role, content, thinking, images (raw bytes), the tool
 * calls an assistant made, and for tool results the tool's name and call id. Empty strings, never null.
 */
public record ChatMessage(String role, String content, String thinking, List<byte[]> images, List<ToolCall> toolCalls,
                          String toolName, String toolCallId) {

    public ChatMessage {
        role = role == null ? "" : role;
        content = content == null ? "" : content;
        thinking = thinking == null ? "" : thinking;
        images = images == null ? List.of() : List.copyOf(images);
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        toolName = toolName == null ? "" : toolName;
        toolCallId = toolCallId == null ? "" : toolCallId;
    }

    public static ChatMessage of(String role, String content) {
        return new ChatMessage(role, content, "", List.of(), List.of(), "", "");
    }

    public ChatMessage withContent(String newContent) {
        return new ChatMessage(role, newContent, thinking, images, toolCalls, toolName, toolCallId);
    }
}
