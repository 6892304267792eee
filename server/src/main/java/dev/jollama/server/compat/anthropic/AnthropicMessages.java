package dev.jollama.server.compat.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.Json;
import dev.jollama.api.Message;
import dev.jollama.api.ToolCall;
import dev.jollama.server.compat.InvalidParam;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Anthropic's {@code system} and messages as native messages, as Ollama converts them: a message's text blocks are
 * joined, image blocks (base64 sources only) become its images, tool_use blocks its tool calls, a thinking block its
 * thinking; each tool_result block becomes a tool message (before the user's own text, so results follow the calls
 * they answer), named after the tool_use it answers.
 */
final class AnthropicMessages {
    private AnthropicMessages() {}

    static List<Message> toNative(JsonNode system, List<MessagesRequest.MessageParam> messages) {
        List<Message> out = new ArrayList<>();
        String sys = system(system);
        if (!sys.isEmpty()) out.add(Message.of("system", sys));
        Map<String, String> toolNames = new LinkedHashMap<>();
        for (MessagesRequest.MessageParam m : messages) out.addAll(message(m, toolNames));
        return out;
    }

    /** A string, or text blocks joined. */
    static String system(JsonNode system) {
        if (system == null || system.isNull()) return "";
        if (system.isTextual()) return system.textValue();
        StringBuilder sb = new StringBuilder();
        if (system.isArray()) {
            for (JsonNode b : system) {
                if (b.path("type").asText("").equals("text")) sb.append(b.path("text").asText(""));
            }
            return sb.toString();
        }
        throw new InvalidParam("system", "system must be a string or a list of text blocks");
    }

    private static List<Message> message(MessagesRequest.MessageParam m, Map<String, String> toolNames) {
        String role = m.role() == null ? "" : m.role().toLowerCase(Locale.ROOT);
        JsonNode content = m.content();
        StringBuilder text = new StringBuilder();
        List<byte[]> images = new ArrayList<>();
        List<ToolCall> calls = new ArrayList<>();
        List<Message> results = new ArrayList<>();
        String thinking = null;
        if (content != null && content.isTextual()) {
            text.append(content.textValue());
        } else if (content != null && content.isArray()) {
            for (JsonNode b : content) {
                switch (b.path("type").asText("")) {
                    case "text" -> text.append(b.path("text").asText(""));
                    case "image" -> images.add(image(b.get("source")));
                    case "tool_use", "server_tool_use" -> {
                        String id = b.path("id").asText("");
                        String name = b.path("name").asText("");
                        if (id.isEmpty()) throw new InvalidParam("messages", "tool_use block missing required 'id' field");
                        if (name.isEmpty()) throw new InvalidParam("messages", "tool_use block missing required 'name' field");
                        toolNames.put(id, name);
                        calls.add(new ToolCall(id, new ToolCall.Function(0, name, input(b.get("input")))));
                    }
                    case "tool_result", "web_search_tool_result" -> {
                        String id = b.path("tool_use_id").asText("");
                        Result r = toolResult(b.get("content"));
                        results.add(new Message("tool", r.text(), null, r.images().isEmpty() ? null : r.images(), null,
                                toolNames.get(id), id.isEmpty() ? null : id));
                    }
                    case "thinking" -> thinking = b.path("thinking").asText("");
                    default -> {
                        // redacted_thinking, documents, citations and other blocks carry nothing the model reads here
                    }
                }
            }
        } else if (content != null && !content.isNull()) {
            throw new InvalidParam("messages", "message content must be a string or a list of blocks");
        }
        List<Message> out = new ArrayList<>();
        if (role.equals("user")) out.addAll(results);
        if (!text.isEmpty() || !images.isEmpty() || !calls.isEmpty() || (thinking != null && !thinking.isEmpty())) {
            out.add(new Message(role, text.toString(), thinking == null || thinking.isEmpty() ? null : thinking,
                    images.isEmpty() ? null : images, calls.isEmpty() ? null : calls, null, null));
        }
        if (!role.equals("user")) out.addAll(results);
        return out;
    }

    private record Result(String text, List<byte[]> images) {}

    /** A tool result's content: a string, or text and image blocks. */
    private static Result toolResult(JsonNode content) {
        if (content == null || content.isNull()) return new Result("", List.of());
        if (content.isTextual()) return new Result(content.textValue(), List.of());
        StringBuilder text = new StringBuilder();
        List<byte[]> images = new ArrayList<>();
        if (content.isArray()) {
            for (JsonNode b : content) {
                switch (b.path("type").asText("")) {
                    case "text" -> text.append(b.path("text").asText(""));
                    case "image" -> images.add(image(b.get("source")));
                    case "web_search_result" -> text.append("- ").append(b.path("title").asText("")).append(": ")
                            .append(b.path("url").asText("")).append('\n');
                    default -> {
                        // nothing readable
                    }
                }
            }
        } else {
            text.append(Json.write(content));
        }
        return new Result(text.toString(), images);
    }

    /** An image source: base64 only, as Ollama takes it. */
    static byte[] image(JsonNode source) {
        if (source == null || !source.isObject()) throw new InvalidParam("messages", "invalid image source");
        String type = source.path("type").asText("");
        if (!type.equals("base64")) {
            throw new InvalidParam("messages", "invalid image source type: " + type + ". Only base64 images are supported.");
        }
        try {
            return Base64.getDecoder().decode(source.path("data").asText(""));
        } catch (IllegalArgumentException e) {
            throw new InvalidParam("messages", "invalid base64 image data: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> input(JsonNode input) {
        if (input == null || input.isNull()) return new LinkedHashMap<>();
        if (!input.isObject()) throw new InvalidParam("messages", "tool_use input must be an object");
        return Json.mapper().convertValue(input, LinkedHashMap.class);
    }
}
