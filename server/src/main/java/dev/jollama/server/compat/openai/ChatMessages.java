package dev.jollama.server.compat.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.Message;
import dev.jollama.api.ToolCall;
import dev.jollama.server.compat.InvalidParam;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Chat-completion messages to native messages. Content is a string or a list of parts: text parts are joined,
 * {@code image_url} parts (base64 data URLs) and {@code input_audio} parts become the message's images, so one
 * OpenAI message stays one native message (Ollama splits a multi-part message into one message per part, which
 * templates render as separate turns). Assistant tool calls get their JSON-string arguments parsed; a tool
 * message without {@code name} takes the name of the call its {@code tool_call_id} answers. "developer" is the
 * system role.
 */
final class ChatMessages {
    private ChatMessages() {}

    static List<Message> toNative(List<ChatCompletionRequest.Message> messages) {
        List<Message> out = new ArrayList<>();
        for (ChatCompletionRequest.Message m : messages) out.add(message(m, messages));
        return out;
    }

    private static Message message(ChatCompletionRequest.Message m, List<ChatCompletionRequest.Message> all) {
        String role = m.role() == null ? "" : m.role().toLowerCase(Locale.ROOT);
        if (role.equals("developer")) role = "system";
        List<ToolCall> calls = toolCalls(m.toolCalls());
        String toolName = null;
        if (role.equals("tool")) {
            toolName = m.name();
            if ((toolName == null || toolName.isEmpty()) && m.toolCallId() != null) toolName = nameOfCall(all, m.toolCallId());
        }
        String thinking = m.reasoning() != null && !m.reasoning().isEmpty() ? m.reasoning() : m.reasoningContent();
        StringBuilder text = new StringBuilder();
        List<byte[]> images = new ArrayList<>();
        JsonNode content = m.content();
        if (content == null || content.isNull()) {
            if (m.toolCalls() == null) throw new InvalidParam("messages", "invalid message content type: <nil>");
        } else if (content.isTextual()) {
            text.append(content.textValue());
        } else if (content.isArray()) {
            for (JsonNode part : content) part(part, text, images);
        } else {
            throw new InvalidParam("messages", "invalid message content type: " + OpenAiInputs.goType(content));
        }
        return new Message(role, text.toString(), thinking == null || thinking.isEmpty() ? null : thinking,
                images.isEmpty() ? null : images, calls, toolName == null || toolName.isEmpty() ? null : toolName,
                m.toolCallId() == null || m.toolCallId().isEmpty() ? null : m.toolCallId());
    }

    private static void part(JsonNode part, StringBuilder text, List<byte[]> images) {
        if (!part.isObject()) throw new InvalidParam("messages", "invalid message format");
        switch (part.path("type").asText("")) {
            case "text" -> {
                if (!part.path("text").isTextual()) throw new InvalidParam("messages", "invalid message format");
                text.append(part.get("text").textValue());
            }
            case "image_url" -> {
                JsonNode u = part.path("image_url");
                JsonNode url = u.isObject() ? u.path("url") : u;
                if (!url.isTextual()) throw new InvalidParam("messages", "invalid message format");
                images.add(OpenAiInputs.image(url.textValue(), "messages"));
            }
            case "input_audio" -> {
                JsonNode data = part.path("input_audio");
                if (!data.isObject()) throw new InvalidParam("messages", "invalid input_audio format");
                if (!data.path("data").isTextual()) throw new InvalidParam("messages", "invalid input_audio format: missing data");
                try {
                    images.add(Base64.getDecoder().decode(data.get("data").textValue()));
                } catch (IllegalArgumentException e) {
                    throw new InvalidParam("messages", "invalid input_audio base64 data: " + e.getMessage());
                }
            }
            default -> throw new InvalidParam("messages", "invalid message format");
        }
    }

    private static List<ToolCall> toolCalls(List<ChatCompletionRequest.ToolCall> calls) {
        if (calls == null || calls.isEmpty()) return null;
        List<ToolCall> out = new ArrayList<>();
        for (ChatCompletionRequest.ToolCall c : calls) {
            ChatCompletionRequest.ToolCall.Function f = c.function();
            String name = f == null || f.name() == null ? "" : f.name();
            out.add(new ToolCall(c.id(), new ToolCall.Function(0, name, OpenAiInputs.arguments(f == null ? null : f.arguments(), "messages"))));
        }
        return out;
    }

    /** The name of the latest call with this id (last one wins, as Ollama resolves it). */
    private static String nameOfCall(List<ChatCompletionRequest.Message> all, String id) {
        for (int i = all.size() - 1; i >= 0; i--) {
            List<ChatCompletionRequest.ToolCall> calls = all.get(i).toolCalls();
            if (calls == null) continue;
            for (ChatCompletionRequest.ToolCall c : calls) {
                if (id.equals(c.id()) && c.function() != null) return c.function().name();
            }
        }
        return null;
    }
}
