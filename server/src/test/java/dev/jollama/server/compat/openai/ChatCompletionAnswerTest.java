package dev.jollama.server.compat.openai;

import dev.jollama.api.ChatResponse;
import dev.jollama.api.DebugInfo;
import dev.jollama.api.Json;
import dev.jollama.api.Logprob;
import dev.jollama.api.Message;
import dev.jollama.api.Metrics;
import dev.jollama.api.TokenLogprob;
import dev.jollama.server.compat.ChatAccumulator;
import dev.jollama.server.compat.RecordingSink;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.jollama.server.compat.NativeChunks.T0;
import static dev.jollama.server.compat.NativeChunks.call;
import static dev.jollama.server.compat.NativeChunks.calls;
import static dev.jollama.server.compat.NativeChunks.content;
import static dev.jollama.server.compat.NativeChunks.done;
import static dev.jollama.server.compat.NativeChunks.piece;
import static dev.jollama.server.compat.NativeChunks.thinking;
import static dev.jollama.server.compat.NativeChunks.withLogprobs;
import static org.assertj.core.api.Assertions.assertThat;

class ChatCompletionAnswerTest {

    private static String whole(ChatResponse... chunks) {
        ChatAccumulator all = new ChatAccumulator();
        for (ChatResponse c : chunks) all.accept(c);
        return Json.write(ChatCompletionAnswer.whole("chatcmpl-1", all.result()));
    }

    private static List<String> stream(boolean usage, ChatResponse... chunks) {
        RecordingSink sink = new RecordingSink();
        ChatCompletionAnswer.Stream s = new ChatCompletionAnswer.Stream(sink, "chatcmpl-1", usage);
        for (ChatResponse c : chunks) s.accept(c);
        return sink.jsons();
    }

    private static final long CREATED = T0.toEpochSecond();
    private static final String HEAD = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":" + CREATED
            + ",\"model\":\"m\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,";

    @Test
    void wholeAnswerWithReasoningUsageAndStop() {
        assertThat(whole(thinking("Let me see."), content("Hello"), content(" there"), done("stop", 3))).isEqualTo(
                "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":" + (CREATED + 9) + ",\"model\":\"m\",\"system_fingerprint\":\"fp_ollama\","
                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello there\",\"reasoning\":\"Let me see.\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":3,\"total_tokens\":13}}");
    }

    @Test
    void wholeAnswerWithToolCallsFinishesWithToolCalls() {
        String json = whole(calls(call("call_1", "weather", Map.of("city", "Paris"))), calls(call("call_2", "time", Map.of())), done("stop", 5));
        assertThat(json).contains("\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                + "{\"id\":\"call_1\",\"index\":0,\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}},"
                + "{\"id\":\"call_2\",\"index\":1,\"type\":\"function\",\"function\":{\"name\":\"time\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"");
        assertThat(whole(content("abc"), done("length", 3))).contains("\"finish_reason\":\"length\"");
    }

    @Test
    void logprobsInOpenAisShape() {
        Logprob lp = new Logprob("Hi", -0.5, List.of(72, 105), List.of(new TokenLogprob("Hi", -0.5, List.of(72, 105)), new TokenLogprob("Yo", -1.5, null)));
        assertThat(whole(withLogprobs(content("Hi"), List.of(lp)), done("stop", 1))).contains(
                "\"logprobs\":{\"content\":[{\"token\":\"Hi\",\"logprob\":-0.5,\"bytes\":[72,105],\"top_logprobs\":["
                        + "{\"token\":\"Hi\",\"logprob\":-0.5,\"bytes\":[72,105]},{\"token\":\"Yo\",\"logprob\":-1.5,\"bytes\":null}]}]}");
    }

    @Test
    void debugRenderIsPassedThrough() {
        ChatResponse debug = new ChatResponse("m", null, null, T0, Message.of("", ""), false, null, new DebugInfo("<prompt>", 0), null, Metrics.NONE);
        assertThat(whole(debug)).contains("\"finish_reason\":null").endsWith(",\"_debug_info\":{\"rendered_template\":\"<prompt>\"}}");
    }

    @Test
    void streamOpensWithRoleCarriesContentAndEndsWithFinishAndDone() {
        assertThat(stream(false, piece("Hel", null, null, 0), piece("lo", null, null, 1), done("stop", 2))).containsExactly(
                HEAD + "\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}]}",
                HEAD + "\"delta\":{\"content\":\"lo\"},\"finish_reason\":null}]}",
                HEAD + "\"delta\":{},\"finish_reason\":\"stop\"}]}",
                "[DONE]");
    }

    @Test
    void streamUsageChunkHasNoChoices() {
        List<String> out = stream(true, content("x"), done("length", 1));
        assertThat(out).hasSize(4);
        assertThat(out.get(1)).isEqualTo(HEAD + "\"delta\":{},\"finish_reason\":\"length\"}]}");
        assertThat(out.get(2)).isEqualTo("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":" + CREATED
                + ",\"model\":\"m\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":1,\"total_tokens\":11}}");
        assertThat(out.get(3)).isEqualTo("[DONE]");
    }

    @Test
    void streamSplitsThinkingFromContentAndKeepsTheLastPiece() {
        List<String> out = stream(false, thinking("hmm"), piece("A", "more", null, 0), done("B", "stop", 2));
        assertThat(out).containsExactly(
                HEAD + "\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"reasoning\":\"hmm\"},\"finish_reason\":null}]}",
                HEAD + "\"delta\":{\"reasoning\":\"more\"},\"finish_reason\":null}]}",
                HEAD + "\"delta\":{\"content\":\"A\"},\"finish_reason\":null}]}",
                HEAD + "\"delta\":{\"content\":\"B\"},\"finish_reason\":null}]}",
                HEAD + "\"delta\":{},\"finish_reason\":\"stop\"}]}",
                "[DONE]");
    }

    @Test
    void streamToolCallsAreIndexedAcrossChunksAndFinishWithToolCalls() {
        List<String> out = stream(false, content(""), calls(call("c1", "a", Map.of("x", 1))), calls(call("c2", "b", Map.of())), done("stop", 4));
        assertThat(out.get(1)).isEqualTo(HEAD + "\"delta\":{\"content\":\"\",\"tool_calls\":[{\"id\":\"c1\",\"index\":0,\"type\":\"function\","
                + "\"function\":{\"name\":\"a\",\"arguments\":\"{\\\"x\\\":1}\"}}]},\"finish_reason\":null}]}");
        assertThat(out.get(2)).contains("\"id\":\"c2\",\"index\":1,");
        assertThat(out.get(3)).isEqualTo(HEAD + "\"delta\":{},\"finish_reason\":\"tool_calls\"}]}");
    }

    @Test
    void anEmptyAnswerStillOpensWithTheRoleChunk() {
        assertThat(stream(false, done("stop", 0))).containsExactly(
                HEAD.replace(String.valueOf(CREATED), String.valueOf(CREATED + 9)) + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}",
                HEAD.replace(String.valueOf(CREATED), String.valueOf(CREATED + 9)) + "\"delta\":{},\"finish_reason\":\"stop\"}]}",
                "[DONE]");
    }

    @Test
    void streamLogprobsRideOnTheirChunk() {
        Logprob lp = new Logprob("x", -0.1, List.of(120), null);
        List<String> out = stream(false, withLogprobs(content("x"), List.of(lp)), done("stop", 1));
        assertThat(out.getFirst()).endsWith("\"finish_reason\":null,\"logprobs\":{\"content\":[{\"token\":\"x\",\"logprob\":-0.1,\"bytes\":[120],\"top_logprobs\":[]}]}}]}");
    }
}
