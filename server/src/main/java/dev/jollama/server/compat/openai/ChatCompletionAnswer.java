package dev.jollama.server.compat.openai;

import dev.jollama.api.ChatResponse;
import dev.jollama.api.Message;
import dev.jollama.server.compat.EventSink;
import dev.jollama.server.compat.openai.ChatCompletionObjects.AssistantMessage;
import dev.jollama.server.compat.openai.ChatCompletionObjects.ChatCompletion;
import dev.jollama.server.compat.openai.ChatCompletionObjects.Choice;
import dev.jollama.server.compat.openai.ChatCompletionObjects.Chunk;
import dev.jollama.server.compat.openai.ChatCompletionObjects.ChunkChoice;
import dev.jollama.server.compat.openai.ChatCompletionObjects.Delta;
import dev.jollama.server.compat.openai.ChatCompletionObjects.Logprobs;
import dev.jollama.server.compat.openai.ChatCompletionObjects.OutToolCall;
import dev.jollama.server.compat.openai.ChatCompletionObjects.Usage;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** Native chat answers as chat completions: the whole object, or the stream of chunks. */
final class ChatCompletionAnswer {
    private ChatCompletionAnswer() {}

    /** The {@code "stream": false} answer from the folded native answer. */
    static ChatCompletion whole(String id, ChatResponse r) {
        Message m = r.message();
        List<OutToolCall> calls = ChatCompletionObjects.toolCalls(m.toolCalls(), 0);
        AssistantMessage msg = new AssistantMessage("assistant", m.content(), m.thinking(), calls);
        Choice choice = new Choice(0, msg, ChatCompletionObjects.finishReason(r.doneReason(), calls != null), Logprobs.of(r.logprobs()));
        return new ChatCompletion(id, "chat.completion", created(r), r.model(), ChatCompletionObjects.FINGERPRINT, List.of(choice),
                Usage.of(r.metrics()), r.debugInfo());
    }

    private static long created(ChatResponse r) {
        return r.createdAt() == null ? Instant.now().getEpochSecond() : r.createdAt().toEpochSecond();
    }

    /**
     * The streamed answer, as Ollama's ChatWriter writes it: the first chunk carries {@code role}; thinking goes in
     * {@code delta.reasoning}, and a piece with both thinking and content (or tool calls) is split in two chunks;
     * tool calls are numbered across the answer; the native metrics-only trailer is not sent as a chunk; then a
     * finish chunk with an empty delta, a usage chunk with no choices when {@code include_usage} was asked, and
     * {@code [DONE]}. Every chunk carries the first one's {@code created}.
     */
    static final class Stream implements Consumer<ChatResponse> {
        private final EventSink sink;
        private final String id;
        private final boolean includeUsage;
        private long created = -1;
        private boolean firstSent;
        private int toolCalls;

        Stream(EventSink sink, String id, boolean includeUsage) {
            this.sink = sink;
            this.id = id;
            this.includeUsage = includeUsage;
        }

        @Override
        public void accept(ChatResponse r) {
            if (created < 0) created = created(r);
            Message m = r.message() == null ? Message.of("assistant", "") : r.message();
            boolean hasThinking = m.thinking() != null && !m.thinking().isEmpty();
            boolean hasCalls = m.toolCalls() != null && !m.toolCalls().isEmpty();
            boolean hasLogprobs = r.logprobs() != null && !r.logprobs().isEmpty();
            boolean emptyTrailer = r.done() && firstSent && m.content().isEmpty() && !hasThinking && !hasCalls && !hasLogprobs;
            if (!emptyTrailer) {
                String role = firstSent ? null : "assistant";
                List<OutToolCall> calls = ChatCompletionObjects.toolCalls(m.toolCalls(), toolCalls);
                toolCalls += hasCalls ? m.toolCalls().size() : 0;
                Logprobs lp = Logprobs.of(r.logprobs());
                if (hasThinking && (!m.content().isEmpty() || hasCalls)) {
                    sink.data(chunk(r, new Delta(role, null, m.thinking(), null), null, lp));
                    sink.data(chunk(r, new Delta(null, m.content(), null, calls), null, null));
                } else {
                    sink.data(chunk(r, new Delta(role, m.content(), m.thinking(), calls), null, lp));
                }
                firstSent = true;
            }
            if (!r.done()) return;
            String reason = r.doneReason() == null || r.doneReason().isEmpty() ? "stop" : r.doneReason();
            if (reason.equals("stop") && toolCalls > 0) reason = "tool_calls";
            sink.data(chunk(r, Delta.EMPTY, reason, null));
            if (includeUsage) {
                sink.data(new Chunk(id, "chat.completion.chunk", created, r.model(), ChatCompletionObjects.FINGERPRINT, List.of(),
                        Usage.of(r.metrics())));
            }
            sink.done();
        }

        private Chunk chunk(ChatResponse r, Delta delta, String finishReason, Logprobs lp) {
            return new Chunk(id, "chat.completion.chunk", created, r.model(), ChatCompletionObjects.FINGERPRINT,
                    List.of(new ChunkChoice(0, delta, finishReason, lp)), null);
        }
    }
}
