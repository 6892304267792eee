package dev.jollama.server.compat;

import dev.jollama.api.ChatResponse;
import dev.jollama.api.Logprob;
import dev.jollama.api.Message;
import dev.jollama.api.Metrics;
import dev.jollama.api.ToolCall;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Native /api/chat chunks as the chat path streams them, for feeding the dialects' translations. */
public final class NativeChunks {
    private NativeChunks() {}

    public static final OffsetDateTime T0 = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);

    public static ChatResponse content(String text) {
        return piece(text, null, null, 0);
    }

    public static ChatResponse thinking(String text) {
        return piece("", text, null, 0);
    }

    public static ChatResponse piece(String content, String thinking, List<ToolCall> calls, int secondsAfterT0) {
        return new ChatResponse("m", null, null, T0.plusSeconds(secondsAfterT0), new Message("assistant", content, thinking, null, calls, null, null),
                false, null, null, null, Metrics.NONE);
    }

    public static ChatResponse withLogprobs(ChatResponse r, List<Logprob> logprobs) {
        return new ChatResponse(r.model(), null, null, r.createdAt(), r.message(), r.done(), r.doneReason(), r.debugInfo(), logprobs, r.metrics());
    }

    public static ChatResponse calls(ToolCall... calls) {
        return piece("", null, List.of(calls), 0);
    }

    public static ToolCall call(String id, String name, Map<String, Object> args) {
        return new ToolCall(id, new ToolCall.Function(0, name, new java.util.LinkedHashMap<>(args)));
    }

    /** The final chunk: empty message, done, reason and counts (10 prompt tokens, {@code eval} generated). */
    public static ChatResponse done(String reason, int eval) {
        return done("", reason, eval);
    }

    public static ChatResponse done(String lastContent, String reason, int eval) {
        return new ChatResponse("m", null, null, T0.plusSeconds(9), Message.of("assistant", lastContent), true, reason, null, null,
                new Metrics(1000, 10, 10, 100, eval, 200));
    }
}
