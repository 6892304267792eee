package dev.jollama.server.compat.anthropic;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jollama.api.ChatResponse;
import dev.jollama.api.Json;
import dev.jollama.api.Message;
import dev.jollama.api.Metrics;
import dev.jollama.api.ToolCall;
import dev.jollama.server.compat.EventSink;
import dev.jollama.server.compat.Fields;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Native chat answers as Anthropic messages: the whole message, or its stream of events. */
final class MessagesAnswer {
    private MessagesAnswer() {}

    record MessageObject(String id, String type, String role, String model, List<Object> content,
                         @JsonProperty("stop_reason") String stopReason, @JsonProperty("stop_sequence") String stopSequence, Usage usage) {}

    record Usage(@JsonProperty("input_tokens") int inputTokens, @JsonProperty("output_tokens") int outputTokens) {
        static Usage of(Metrics m) {
            return m == null ? new Usage(0, 0) : new Usage(m.promptEvalCount(), m.evalCount());
        }
    }

    record TextBlock(String type, String text) {}

    record ThinkingBlock(String type, String thinking, String signature) {}

    record ToolUseBlock(String type, String id, String name, Map<String, Object> input) {}

    /**
     * Ollama's mapping of a done reason: a tool call is tool_use, stop end_turn, length max_tokens, any other
     * reason stop_sequence; no reason (not done) null. A stop sequence ends an answer with "stop" natively, so it
     * shows as end_turn.
     */
    static String stopReason(String doneReason, boolean toolCalls) {
        if (toolCalls) return "tool_use";
        if (doneReason == null || doneReason.isEmpty()) return null;
        return switch (doneReason) {
            case "stop" -> "end_turn";
            case "length" -> "max_tokens";
            default -> "stop_sequence";
        };
    }

    /** The {@code "stream": false} answer: thinking, text, then tool_use blocks. */
    static MessageObject whole(String id, ChatResponse r) {
        Message m = r.message();
        List<Object> content = new ArrayList<>();
        if (m.thinking() != null && !m.thinking().isEmpty()) content.add(new ThinkingBlock("thinking", m.thinking(), ""));
        if (!m.content().isEmpty()) content.add(new TextBlock("text", m.content()));
        boolean calls = m.toolCalls() != null && !m.toolCalls().isEmpty();
        if (calls) {
            for (ToolCall c : m.toolCalls()) content.add(new ToolUseBlock("tool_use", c.id(), c.function().name(), c.function().arguments()));
        }
        return new MessageObject(id, "message", "assistant", r.model(), content, stopReason(r.doneReason(), calls), null, Usage.of(r.metrics()));
    }

    /**
     * The streamed answer, as Anthropic sends it: message_start (input tokens estimated until the prompt is counted),
     * ping, then one content block per thinking run, text run and tool call (content_block_start, deltas of kind
     * thinking_delta, text_delta or input_json_delta, content_block_stop), message_delta with the stop reason and
     * usage, message_stop.
     */
    static final class Stream implements Consumer<ChatResponse> {
        private enum Open { NONE, THINKING, TEXT }

        private final EventSink sink;
        private final String id;
        private final String model;
        private final int estimatedInputTokens;
        private boolean started;
        private Open open = Open.NONE;
        private int index;
        private boolean toolCalls;

        Stream(EventSink sink, String id, String model, int estimatedInputTokens) {
            this.sink = sink;
            this.id = id;
            this.model = model;
            this.estimatedInputTokens = estimatedInputTokens;
        }

        @Override
        public void accept(ChatResponse r) {
            if (!started) {
                started = true;
                int input = r.metrics() != null && r.metrics().promptEvalCount() > 0 ? r.metrics().promptEvalCount() : estimatedInputTokens;
                sink.event("message_start", Fields.of("type", "message_start", "message",
                        new MessageObject(id, "message", "assistant", model, List.of(), null, null, new Usage(input, 0))));
                sink.event("ping", Fields.of("type", "ping"));
            }
            Message m = r.message();
            if (m != null) {
                if (m.thinking() != null && !m.thinking().isEmpty()) {
                    open(Open.THINKING, new ThinkingBlock("thinking", "", ""));
                    delta(Fields.of("type", "thinking_delta", "thinking", m.thinking()));
                }
                if (!m.content().isEmpty()) {
                    open(Open.TEXT, new TextBlock("text", ""));
                    delta(Fields.of("type", "text_delta", "text", m.content()));
                }
                if (m.toolCalls() != null) {
                    for (ToolCall c : m.toolCalls()) toolUse(c);
                }
            }
            if (!r.done()) return;
            close();
            Usage usage = Usage.of(r.metrics());
            sink.event("message_delta", Fields.of("type", "message_delta",
                    "delta", Fields.of("stop_reason", stopReason(r.doneReason(), toolCalls), "stop_sequence", null),
                    "usage", usage));
            sink.event("message_stop", Fields.of("type", "message_stop"));
        }

        private void toolUse(ToolCall c) {
            close();
            toolCalls = true;
            sink.event("content_block_start", Fields.of("type", "content_block_start", "index", index,
                    "content_block", new ToolUseBlock("tool_use", c.id(), c.function().name(), Map.of())));
            delta(Fields.of("type", "input_json_delta", "partial_json", Json.write(c.function().arguments())));
            sink.event("content_block_stop", Fields.of("type", "content_block_stop", "index", index));
            index++;
        }

        /** Opens a block of this kind unless one is open, closing the other kind first. */
        private void open(Open kind, Object block) {
            if (open == kind) return;
            close();
            open = kind;
            sink.event("content_block_start", Fields.of("type", "content_block_start", "index", index, "content_block", block));
        }

        private void close() {
            if (open == Open.NONE) return;
            sink.event("content_block_stop", Fields.of("type", "content_block_stop", "index", index));
            index++;
            open = Open.NONE;
        }

        private void delta(Map<String, Object> delta) {
            sink.event("content_block_delta", Fields.of("type", "content_block_delta", "index", index, "delta", delta));
        }
    }

}
