package dev.jollama.server.compat.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jollama.api.DebugInfo;
import dev.jollama.api.Logprob;
import dev.jollama.api.Metrics;
import dev.jollama.api.OmitEmpty;
import dev.jollama.api.TokenLogprob;
import dev.jollama.api.ToolCall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** The objects of a chat completion answer, field order as OpenAI and Ollama write them. */
final class ChatCompletionObjects {
    private ChatCompletionObjects() {}

    static final String FINGERPRINT = "fp_ollama";

    record ChatCompletion(String id, String object, long created, String model,
                          @JsonProperty("system_fingerprint") String systemFingerprint, List<Choice> choices, Usage usage,
                          @OmitEmpty @JsonProperty("_debug_info") DebugInfo debugInfo) {}

    record Choice(int index, AssistantMessage message, @JsonProperty("finish_reason") String finishReason,
                  @JsonInclude(JsonInclude.Include.NON_NULL) Logprobs logprobs) {}

    record AssistantMessage(String role, String content, @OmitEmpty String reasoning,
                            @OmitEmpty @JsonProperty("tool_calls") List<OutToolCall> toolCalls) {}

    record Chunk(String id, String object, long created, String model,
                 @JsonProperty("system_fingerprint") String systemFingerprint, List<ChunkChoice> choices,
                 @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {}

    record ChunkChoice(int index, Delta delta, @JsonProperty("finish_reason") String finishReason,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Logprobs logprobs) {}

    /** A stream delta; a finish chunk's is {@code {}}, a content chunk keeps {@code "content":""}. */
    record Delta(@OmitEmpty String role, @JsonInclude(JsonInclude.Include.NON_NULL) String content, @OmitEmpty String reasoning,
                 @OmitEmpty @JsonProperty("tool_calls") List<OutToolCall> toolCalls) {
        static final Delta EMPTY = new Delta(null, null, null, null);
    }

    /** A tool call with its arguments as a JSON string, as OpenAI gives them. */
    record OutToolCall(String id, int index, String type, Function function) {
        record Function(String name, String arguments) {}
    }

    record Usage(@JsonProperty("prompt_tokens") int promptTokens, @JsonProperty("completion_tokens") int completionTokens,
                 @JsonProperty("total_tokens") int totalTokens) {
        static Usage of(Metrics m) {
            if (m == null) return new Usage(0, 0, 0);
            return new Usage(m.promptEvalCount(), m.evalCount(), m.promptEvalCount() + m.evalCount());
        }
    }

    record Logprobs(List<TokenLogprobs> content) {
        static Logprobs of(List<Logprob> logprobs) {
            if (logprobs == null || logprobs.isEmpty()) return null;
            List<TokenLogprobs> out = new ArrayList<>();
            for (Logprob l : logprobs) {
                List<Alternative> top = new ArrayList<>();
                if (l.topLogprobs() != null) {
                    for (TokenLogprob t : l.topLogprobs()) top.add(new Alternative(t.token(), t.logprob(), t.bytes()));
                }
                out.add(new TokenLogprobs(l.token(), l.logprob(), l.bytes(), top));
            }
            return new Logprobs(out);
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TokenLogprobs(String token, double logprob, List<Integer> bytes, @JsonProperty("top_logprobs") List<Alternative> topLogprobs) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Alternative(String token, double logprob, List<Integer> bytes) {}

    /** Native tool calls with OpenAI's fields; {@code firstIndex} numbers them on from earlier calls of the answer. */
    static List<OutToolCall> toolCalls(List<ToolCall> calls, int firstIndex) {
        if (calls == null || calls.isEmpty()) return null;
        List<OutToolCall> out = new ArrayList<>();
        int i = firstIndex;
        for (ToolCall c : calls) {
            String args = dev.jollama.api.Json.write(c.function().arguments() == null ? new LinkedHashMap<>() : c.function().arguments());
            out.add(new OutToolCall(c.id(), i++, "function", new OutToolCall.Function(c.function().name(), args)));
        }
        return out;
    }

    /** Ollama's finish reason: the done reason, "tool_calls" for a stop with calls, null while not done. */
    static String finishReason(String doneReason, boolean toolCalls) {
        if (doneReason == null || doneReason.isEmpty()) return null;
        return doneReason.equals("stop") && toolCalls ? "tool_calls" : doneReason;
    }
}
