package dev.jollama.server.compat;

import dev.jollama.api.ChatResponse;
import dev.jollama.api.Logprob;
import dev.jollama.api.Message;
import dev.jollama.api.Metrics;
import dev.jollama.api.ToolCall;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Folds the chunks of a native chat answer into one, as /api/chat does for {@code "stream": false}: contents and
 * thinking concatenated, tool calls and logprobs collected, the rest (done reason, metrics, debug info) from the
 * last chunk. The non-streamed answers of every dialect are made from its {@link #result()}.
 */
public final class ChatAccumulator implements Consumer<ChatResponse> {
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder thinking = new StringBuilder();
    private final List<ToolCall> toolCalls = new ArrayList<>();
    private final List<Logprob> logprobs = new ArrayList<>();
    private ChatResponse last;

    @Override
    public void accept(ChatResponse r) {
        Message m = r.message();
        if (m != null) {
            content.append(m.content());
            if (m.thinking() != null) thinking.append(m.thinking());
            if (m.toolCalls() != null) toolCalls.addAll(m.toolCalls());
        }
        if (r.logprobs() != null) logprobs.addAll(r.logprobs());
        last = r;
    }

    /** The whole answer; an answer without any chunk is an empty one. */
    public ChatResponse result() {
        if (last == null) throw new IllegalStateException("the chat produced no answer");
        Message m = new Message("assistant", content.toString(), thinking.isEmpty() ? null : thinking.toString(), null,
                toolCalls.isEmpty() ? null : List.copyOf(toolCalls), null, null);
        return new ChatResponse(last.model(), last.remoteModel(), last.remoteHost(), last.createdAt(), m, last.done(),
                last.doneReason(), last.debugInfo(), logprobs.isEmpty() ? null : List.copyOf(logprobs),
                last.metrics() == null ? Metrics.NONE : last.metrics());
    }
}
