package dev.jollama.server.compat.openai.responses;

import dev.jollama.api.ChatResponse;
import dev.jollama.api.Json;
import dev.jollama.api.Message;
import dev.jollama.api.ToolCall;
import dev.jollama.server.compat.EventSink;
import dev.jollama.server.compat.Fields;
import dev.jollama.server.compat.Ids;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Native chat chunks as Responses API events, in OpenAI's order and with OpenAI's names: response.created and
 * response.in_progress first; thinking as a reasoning item (output_item.added, reasoning_summary_part.added,
 * reasoning_summary_text.delta..., reasoning_summary_text.done, reasoning_summary_part.done, output_item.done);
 * text as a message item (output_item.added, content_part.added, output_text.delta..., output_text.done,
 * content_part.done, output_item.done); each tool call as a function_call item (output_item.added,
 * function_call_arguments.delta, function_call_arguments.done, output_item.done); then response.completed, or
 * response.incomplete when the answer hit max_output_tokens. Every event carries {@code type} and a
 * {@code sequence_number}. The same run with a sink that drops the events makes the non-streamed answer
 * ({@link #response()}). A reasoning item's thinking is also its {@code encrypted_content}, which comes back as
 * thinking when a client sends the item again (as Ollama does).
 */
final class ResponsesStream implements Consumer<ChatResponse> {
    private enum Open { NONE, REASONING, MESSAGE }

    private final EventSink sink;
    private final ResponseObject response;
    private final List<Map<String, Object>> output = new ArrayList<>();
    private int sequence;
    private boolean started;
    private Open open = Open.NONE;
    private String itemId;
    private final StringBuilder text = new StringBuilder();
    private Map<String, Object> finished;

    ResponsesStream(EventSink sink, ResponseObject response) {
        this.sink = sink;
        this.response = response;
    }

    /** The final response object, once the last chunk was handled. */
    Map<String, Object> response() {
        if (finished == null) throw new IllegalStateException("the chat produced no final answer");
        return finished;
    }

    /** Starts the stream if needed; used on its own to fail a stream that never got a chunk. */
    void start() {
        if (started) return;
        started = true;
        emit("response.created", Map.of("response", response.build("in_progress", List.of(), null, null)));
        emit("response.in_progress", Map.of("response", response.build("in_progress", List.of(), null, null)));
    }

    @Override
    public void accept(ChatResponse r) {
        start();
        Message m = r.message();
        if (m != null) {
            if (m.thinking() != null && !m.thinking().isEmpty()) thinking(m.thinking());
            if (!m.content().isEmpty()) content(m.content());
            if (m.toolCalls() != null) {
                for (ToolCall c : m.toolCalls()) toolCall(c);
            }
        }
        if (!r.done()) return;
        close();
        boolean incomplete = "length".equals(r.doneReason());
        finished = response.build(incomplete ? "incomplete" : "completed", List.copyOf(output), r.metrics(),
                incomplete ? "max_output_tokens" : null);
        emit(incomplete ? "response.incomplete" : "response.completed", Map.of("response", finished));
    }

    /** Ends a started stream with response.failed. */
    void fail(String message) {
        start();
        emit("response.failed", Map.of("response", response.failed(List.copyOf(output), message)));
    }

    private void thinking(String delta) {
        if (open != Open.REASONING) {
            close();
            open = Open.REASONING;
            itemId = Ids.random("rs_");
            emit("response.output_item.added", Fields.of("output_index", output.size(), "item", reasoningItem(List.of())));
            emit("response.reasoning_summary_part.added", Fields.of("item_id", itemId, "output_index", output.size(), "summary_index", 0,
                    "part", summaryPart("")));
        }
        text.append(delta);
        emit("response.reasoning_summary_text.delta", Fields.of("item_id", itemId, "output_index", output.size(), "summary_index", 0, "delta", delta));
    }

    private void content(String delta) {
        if (open != Open.MESSAGE) {
            close();
            open = Open.MESSAGE;
            itemId = Ids.random("msg_");
            emit("response.output_item.added", Fields.of("output_index", output.size(), "item", messageItem("in_progress", List.of())));
            emit("response.content_part.added", Fields.of("item_id", itemId, "output_index", output.size(), "content_index", 0,
                    "part", textPart("")));
        }
        text.append(delta);
        emit("response.output_text.delta", Fields.of("item_id", itemId, "output_index", output.size(), "content_index", 0, "delta", delta,
                "logprobs", List.of()));
    }

    private void toolCall(ToolCall c) {
        close();
        String id = Ids.random("fc_");
        String args = Json.write(c.function().arguments());
        Map<String, Object> item = Fields.of("id", id, "type", "function_call", "status", "completed", "arguments", args,
                "call_id", c.id(), "name", c.function().name());
        Map<String, Object> added = new LinkedHashMap<>(item);
        added.put("status", "in_progress");
        added.put("arguments", "");
        int index = output.size();
        emit("response.output_item.added", Fields.of("output_index", index, "item", added));
        emit("response.function_call_arguments.delta", Fields.of("item_id", id, "output_index", index, "delta", args));
        emit("response.function_call_arguments.done", Fields.of("item_id", id, "output_index", index, "arguments", args));
        emit("response.output_item.done", Fields.of("output_index", index, "item", item));
        output.add(item);
    }

    /** Closes the open reasoning or message item with its done events. */
    private void close() {
        int index = output.size();
        String all = text.toString();
        switch (open) {
            case REASONING -> {
                emit("response.reasoning_summary_text.done", Fields.of("item_id", itemId, "output_index", index, "summary_index", 0, "text", all));
                emit("response.reasoning_summary_part.done", Fields.of("item_id", itemId, "output_index", index, "summary_index", 0,
                        "part", summaryPart(all)));
                Map<String, Object> item = reasoningItem(List.of(summaryPart(all)));
                item.put("encrypted_content", all);
                emit("response.output_item.done", Fields.of("output_index", index, "item", item));
                output.add(item);
            }
            case MESSAGE -> {
                emit("response.output_text.done", Fields.of("item_id", itemId, "output_index", index, "content_index", 0, "text", all,
                        "logprobs", List.of()));
                emit("response.content_part.done", Fields.of("item_id", itemId, "output_index", index, "content_index", 0, "part", textPart(all)));
                Map<String, Object> item = messageItem("completed", List.of(textPart(all)));
                emit("response.output_item.done", Fields.of("output_index", index, "item", item));
                output.add(item);
            }
            case NONE -> {
                return;
            }
        }
        open = Open.NONE;
        text.setLength(0);
    }

    private Map<String, Object> reasoningItem(List<Object> summary) {
        return Fields.of("id", itemId, "type", "reasoning", "summary", summary);
    }

    private Map<String, Object> messageItem(String status, List<Object> content) {
        return Fields.of("id", itemId, "type", "message", "status", status, "role", "assistant", "content", content);
    }

    private static Map<String, Object> summaryPart(String text) {
        return Fields.of("type", "summary_text", "text", text);
    }

    private static Map<String, Object> textPart(String text) {
        return Fields.of("type", "output_text", "text", text, "annotations", List.of(), "logprobs", List.of());
    }

    private void emit(String type, Map<String, Object> data) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("sequence_number", sequence++);
        event.putAll(data);
        sink.event(type, event);
    }

}
