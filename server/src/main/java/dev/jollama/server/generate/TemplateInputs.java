package dev.jollama.server.generate;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jollama.api.Json;
import dev.jollama.api.Message;
import dev.jollama.api.Tool;
import dev.jollama.server.template.ChatMessage;
import dev.jollama.server.template.ThinkValue;
import dev.jollama.server.template.ToolCall;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The API's messages, tools, think and tool calls in the shapes the templates and parsers take, and back. */
final class TemplateInputs {
    private TemplateInputs() {}

    static ChatMessage message(Message m) {
        List<ToolCall> calls = new ArrayList<>();
        if (m.toolCalls() != null) {
            for (dev.jollama.api.ToolCall c : m.toolCalls()) {
                dev.jollama.api.ToolCall.Function f = c.function();
                calls.add(new ToolCall(c.id(), f == null ? 0 : f.index(), f == null ? "" : f.name(), f == null ? null : f.arguments()));
            }
        }
        return new ChatMessage(m.role(), m.content(), m.thinking(), m.images(), calls, m.toolName(), m.toolCallId());
    }

    static List<ChatMessage> messages(List<Message> ms) {
        return ms.stream().map(TemplateInputs::message).toList();
    }

    static Message apiMessage(ChatMessage m) {
        List<dev.jollama.api.ToolCall> calls = m.toolCalls().isEmpty() ? null : m.toolCalls().stream().map(TemplateInputs::apiToolCall).toList();
        return new Message(m.role(), m.content(), m.thinking(), m.images().isEmpty() ? null : m.images(), calls, m.toolName(), m.toolCallId());
    }

    static dev.jollama.api.ToolCall apiToolCall(ToolCall c) {
        return new dev.jollama.api.ToolCall(c.id(), new dev.jollama.api.ToolCall.Function(c.index(), c.name(), new java.util.LinkedHashMap<>(c.arguments())));
    }

    /** The request's think, or null when unset. */
    static ThinkValue think(dev.jollama.api.ThinkValue t) {
        if (t == null) return null;
        return t.isBool() ? ThinkValue.of((Boolean) t.value()) : ThinkValue.of((String) t.value());
    }

    /** Tool definitions as JSON objects, with only the fields Ollama's types keep. */
    static List<Map<String, Object>> tools(List<Tool> tools) {
        if (tools == null || tools.isEmpty()) return List.of();
        return Json.mapper().convertValue(tools, new TypeReference<List<Map<String, Object>>>() {});
    }

    static List<String> toolNames(List<Tool> tools) {
        if (tools == null) return List.of();
        List<String> names = new ArrayList<>();
        for (Tool t : tools) {
            if (t.function() != null && t.function().name() != null) names.add(t.function().name());
        }
        return names;
    }
}
