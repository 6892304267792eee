package dev.jollama.server.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jollama.api.ChatResponse;
import dev.jollama.api.Json;
import dev.jollama.api.Message;
import dev.jollama.api.Metrics;
import dev.jollama.api.ToolCall;
import dev.jollama.engine.grammar.StructuredOutput;
import dev.jollama.server.parse.ToolCallIds;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A tool call the request demands (tool_choice "required", a named function, Anthropic's "any"/"tool"). The
 * answer is constrained with the grammar engine to the JSON object {@code {"name": <one allowed tool>,
 * "arguments": <that tool's parameters schema>}} (passed as the native {@code format}), and that object is turned
 * back into a tool call: so the model makes exactly one call, to an allowed tool, with arguments that validate.
 * A parameters schema the grammar cannot enforce is relaxed to "any JSON object" for that tool. Thinking still
 * comes first (the native path applies a format after thinking).
 */
public final class ForcedToolCall {

    /** An allowed tool: its name and its parameters schema as sent (null: any object). */
    public record Choice(String name, JsonNode parameters) {}

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final List<Choice> choices;

    public ForcedToolCall(List<Choice> choices) {
        if (choices.isEmpty()) throw new IllegalArgumentException("no tool to call");
        this.choices = List.copyOf(choices);
    }

    /** The native {@code format}: one call object, or anyOf over the allowed tools. */
    public JsonNode format() {
        if (choices.size() == 1) return callSchema(choices.getFirst());
        ObjectNode any = NODES.objectNode();
        ArrayNode branches = any.putArray("anyOf");
        for (Choice c : choices) branches.add(callSchema(c));
        return any;
    }

    private static ObjectNode callSchema(Choice c) {
        ObjectNode call = envelope(c.name(), c.parameters() == null || !c.parameters().isObject() ? anyObject() : c.parameters());
        if (c.parameters() != null && c.parameters().isObject() && !enforceable(call)) call = envelope(c.name(), anyObject());
        return call;
    }

    private static ObjectNode envelope(String name, JsonNode arguments) {
        ObjectNode call = NODES.objectNode();
        call.put("type", "object");
        ObjectNode props = call.putObject("properties");
        props.putObject("name").put("const", name);
        props.set("arguments", arguments);
        call.putArray("required").add("name").add("arguments");
        return call;
    }

    private static ObjectNode anyObject() {
        return NODES.objectNode().put("type", "object");
    }

    private static boolean enforceable(JsonNode schema) {
        try {
            StructuredOutput.grammar(Json.write(schema));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Wraps the consumer of a native chat answer: thinking passes through as it comes; the constrained answer text
     * is held back and, at the end, handed on as one tool-call chunk before the final chunk. Tool calls the native
     * parser already recognised pass through as they are. Text that is not a complete call (the answer was cut by
     * max tokens) is handed on as plain content with the final chunk.
     */
    public Consumer<ChatResponse> wrap(Consumer<ChatResponse> downstream) {
        return new Consumer<>() {
            private final StringBuilder held = new StringBuilder();
            private boolean nativeCalls;

            @Override
            public void accept(ChatResponse r) {
                Message m = r.message();
                if (m == null) {
                    downstream.accept(r);
                    return;
                }
                held.append(m.content());
                if (m.toolCalls() != null && !m.toolCalls().isEmpty()) nativeCalls = true;
                if (!r.done()) {
                    if (isEmpty(m.thinking()) && (m.toolCalls() == null || m.toolCalls().isEmpty()) && r.logprobs() == null) return;
                    downstream.accept(withMessage(r, new Message(m.role(), "", m.thinking(), m.images(), m.toolCalls(), null, null)));
                    return;
                }
                ToolCall call = nativeCalls ? null : parse(held.toString());
                if (call != null) {
                    downstream.accept(new ChatResponse(r.model(), r.remoteModel(), r.remoteHost(), r.createdAt(),
                            new Message("assistant", "", null, null, List.of(call), null, null), false, null, null, null, Metrics.NONE));
                }
                String rest = call != null || nativeCalls ? "" : held.toString();
                downstream.accept(withMessage(r, new Message(m.role(), rest, m.thinking(), m.images(), m.toolCalls(), null, null)));
            }
        };
    }

    /** The call in the constrained text, or null when the text is not a whole call of an allowed tool. */
    ToolCall parse(String text) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(text);
        } catch (IOException e) {
            return null;
        }
        if (node == null || !node.isObject() || !node.path("name").isTextual() || !node.path("arguments").isObject()) return null;
        String name = node.get("name").textValue();
        if (choices.stream().noneMatch(c -> c.name().equals(name))) return null;
        @SuppressWarnings("unchecked")
        Map<String, Object> args = Json.mapper().convertValue(node.get("arguments"), LinkedHashMap.class);
        return new ToolCall(ToolCallIds.next(), new ToolCall.Function(0, name, args));
    }

    private static ChatResponse withMessage(ChatResponse r, Message m) {
        return new ChatResponse(r.model(), r.remoteModel(), r.remoteHost(), r.createdAt(), m, r.done(), r.doneReason(),
                r.debugInfo(), r.logprobs(), r.metrics());
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
