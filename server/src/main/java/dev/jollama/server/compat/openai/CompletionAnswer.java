package dev.jollama.server.compat.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jollama.api.GenerateResponse;
import dev.jollama.api.Logprob;
import dev.jollama.api.TokenLogprob;
import dev.jollama.server.compat.EventSink;
import dev.jollama.server.compat.openai.ChatCompletionObjects.Usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Native generate answers as text completions: the whole object, or the stream of chunks. */
final class CompletionAnswer {
    private CompletionAnswer() {}

    record Completion(String id, String object, long created, String model,
                      @JsonProperty("system_fingerprint") String systemFingerprint, List<Choice> choices,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {}

    record Choice(String text, int index, @JsonProperty("finish_reason") String finishReason, TextLogprobs logprobs) {}

    /** The legacy logprobs shape: parallel lists, alternatives as token-to-logprob maps, offsets into the text. */
    record TextLogprobs(List<String> tokens, @JsonProperty("token_logprobs") List<Double> tokenLogprobs,
                        @JsonProperty("top_logprobs") List<Map<String, Double>> topLogprobs,
                        @JsonProperty("text_offset") List<Integer> textOffset) {}

    /** The {@code "stream": false} answer: texts concatenated, logprobs collected, the last chunk's reason and counts. */
    static Completion whole(String id, List<GenerateResponse> chunks, String echo, boolean logprobs) {
        StringBuilder text = new StringBuilder(echo == null ? "" : echo);
        List<Logprob> lps = new ArrayList<>();
        GenerateResponse last = chunks.getLast();
        for (GenerateResponse r : chunks) {
            text.append(r.response() == null ? "" : r.response());
            if (r.logprobs() != null) lps.addAll(r.logprobs());
        }
        TextLogprobs tl = logprobs ? textLogprobs(lps, echo == null ? 0 : echo.length()) : null;
        return new Completion(id, "text_completion", created(last), last.model(), ChatCompletionObjects.FINGERPRINT,
                List.of(new Choice(text.toString(), 0, reason(last), tl)), Usage.of(last.metrics()));
    }

    private static String reason(GenerateResponse r) {
        return r.doneReason() == null || r.doneReason().isEmpty() ? null : r.doneReason();
    }

    private static long created(GenerateResponse r) {
        return r.createdAt() == null ? Instant.now().getEpochSecond() : r.createdAt().toEpochSecond();
    }

    static TextLogprobs textLogprobs(List<Logprob> lps, int offset) {
        List<String> tokens = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Map<String, Double>> top = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        for (Logprob l : lps) {
            tokens.add(l.token());
            values.add(l.logprob());
            Map<String, Double> alts = new LinkedHashMap<>();
            if (l.topLogprobs() != null) {
                for (TokenLogprob t : l.topLogprobs()) alts.putIfAbsent(t.token(), t.logprob());
            }
            top.add(alts);
            offsets.add(offset);
            offset += l.token().length();
        }
        return new TextLogprobs(tokens, values, top, offsets);
    }

    /**
     * The streamed answer: one chunk per native chunk (the prompt first when echoing), the last with its finish
     * reason; a usage chunk with no choices when asked; {@code [DONE]}. All chunks carry the first one's
     * {@code created}.
     */
    static final class Stream implements Consumer<GenerateResponse> {
        private final EventSink sink;
        private final String id;
        private final boolean includeUsage;
        private final boolean logprobs;
        private String echo;
        private long created = -1;
        private int offset;

        Stream(EventSink sink, String id, boolean includeUsage, String echo, boolean logprobs) {
            this.sink = sink;
            this.id = id;
            this.includeUsage = includeUsage;
            this.echo = echo;
            this.logprobs = logprobs;
        }

        @Override
        public void accept(GenerateResponse r) {
            if (created < 0) created = created(r);
            String text = (echo == null ? "" : echo) + (r.response() == null ? "" : r.response());
            if (echo != null) offset += echo.length();
            echo = null;
            TextLogprobs tl = null;
            if (logprobs) {
                tl = textLogprobs(r.logprobs() == null ? List.of() : r.logprobs(), offset);
                for (String t : tl.tokens()) offset += t.length();
            }
            sink.data(new Completion(id, "text_completion", created, r.model(), ChatCompletionObjects.FINGERPRINT,
                    List.of(new Choice(text, 0, reason(r), tl)), null));
            if (!r.done()) return;
            if (includeUsage) {
                sink.data(new Completion(id, "text_completion", created, r.model(), ChatCompletionObjects.FINGERPRINT, List.of(),
                        Usage.of(r.metrics())));
            }
            sink.done();
        }
    }
}
