package dev.jollama.server.compat.openai;

import dev.jollama.api.GenerateRequest;
import dev.jollama.api.GenerateResponse;
import dev.jollama.api.Json;
import dev.jollama.api.Logprob;
import dev.jollama.api.Metrics;
import dev.jollama.api.TokenLogprob;
import dev.jollama.server.compat.InvalidParam;
import dev.jollama.server.compat.RecordingSink;
import dev.jollama.server.http.ApiException;
import dev.jollama.server.http.JsonBody;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.jollama.server.compat.NativeChunks.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** /v1/completions: request fields to a native generate request, native chunks to text completions. */
class CompletionTest {

    private static CompletionTranslation.Call call(String fields) {
        String json = "{\"model\":\"m\",\"prompt\":\"Once\"" + (fields.isEmpty() ? "" : "," + fields) + "}";
        return CompletionTranslation.toNative(JsonBody.parse(json.getBytes(StandardCharsets.UTF_8), CompletionRequest.class));
    }

    private static String error(String fields) {
        try {
            call(fields);
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(400);
            return e.getMessage();
        }
        throw new AssertionError("no error");
    }

    @Test
    void defaultsAsOllama() {
        GenerateRequest r = call("").request();
        assertThat(r.model()).isEqualTo("m");
        assertThat(r.prompt()).isEqualTo("Once");
        assertThat(r.stream()).isTrue();
        assertThat(r.options()).containsExactly(Map.entry("temperature", 1.0), Map.entry("top_p", 1.0),
                Map.entry("frequency_penalty", 0.0), Map.entry("presence_penalty", 0.0));
        assertThat(r.logprobs()).isFalse();
        assertThat(call("").stream()).isFalse();
        assertThat(call("").echo()).isNull();
    }

    @Test
    void everyFieldMaps() {
        CompletionTranslation.Call c = call("\"suffix\":\"end\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"max_tokens\":5,\"seed\":7,"
                + "\"stop\":[\"\\n\"],\"temperature\":0,\"top_p\":0.9,\"frequency_penalty\":0.1,\"presence_penalty\":0.2,\"logprobs\":2,"
                + "\"_debug_render_only\":true,\"num_ctx\":4096,\"options\":{\"top_k\":3},\"keep_alive\":0");
        GenerateRequest r = c.request();
        assertThat(r.suffix()).isEqualTo("end");
        assertThat(c.stream()).isTrue();
        assertThat(c.includeUsage()).isTrue();
        assertThat(r.options()).containsEntry("num_predict", 5).containsEntry("seed", 7L).containsEntry("stop", List.of("\n"))
                .containsEntry("temperature", 0.0).containsEntry("top_p", 0.9).containsEntry("frequency_penalty", 0.1)
                .containsEntry("presence_penalty", 0.2).containsEntry("num_ctx", 4096).containsEntry("top_k", 3);
        assertThat(r.logprobs()).isTrue();
        assertThat(r.topLogprobs()).isEqualTo(2);
        assertThat(r.debugRenderOnly()).isTrue();
        assertThat(r.keepAlive().duration()).isZero();
        assertThat(call("\"logprobs\":0").request().logprobs()).isTrue();
        assertThat(call("\"prompt\":[\"One\"]").request().prompt()).isEqualTo("One");
        assertThat(call("\"echo\":true").echo()).isEqualTo("Once");
    }

    @Test
    void whatOneRequestCannotDoIsAClear400() {
        assertThat(error("\"n\":2")).contains("n must be 1");
        assertThat(error("\"best_of\":3")).startsWith("best_of = 3 is not supported");
        assertThat(error("\"prompt\":[\"a\",\"b\"]")).isEqualTo("a list of 2 prompts is not supported: send one prompt per request");
        assertThat(error("\"prompt\":[1,2,3]")).startsWith("invalid prompt");
        assertThat(error("\"echo\":true,\"logprobs\":1")).startsWith("echo with logprobs is not supported");
        assertThat(error("\"logprobs\":21")).isEqualTo("logprobs must be between 0 and 20");
        assertThat(error("\"stop\":[\"a\",2]")).isEqualTo("invalid type for 'stop' field: float64");
        assertThatThrownBy(() -> call("\"n\":2")).isInstanceOfSatisfying(InvalidParam.class, e -> assertThat(e.param()).isEqualTo("n"));
    }

    private static GenerateResponse chunk(String text, List<Logprob> lps) {
        return new GenerateResponse("m", null, null, T0, text, null, false, null, null, Metrics.NONE, null, null, lps);
    }

    private static GenerateResponse last(String text, String reason) {
        return new GenerateResponse("m", null, null, T0.plusSeconds(5), text, null, true, reason, new int[]{1}, new Metrics(1, 1, 4, 1, 2, 1), null, null, null);
    }

    @Test
    void wholeCompletion() {
        String json = Json.write(CompletionAnswer.whole("cmpl-1", List.of(chunk("Once upon", null), last(" a time", "length")), null, false));
        assertThat(json).isEqualTo("{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":" + T0.plusSeconds(5).toEpochSecond()
                + ",\"model\":\"m\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"text\":\"Once upon a time\",\"index\":0,\"finish_reason\":\"length\",\"logprobs\":null}],"
                + "\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":2,\"total_tokens\":6}}");
        assertThat(Json.write(CompletionAnswer.whole("cmpl-1", List.of(last("x", "stop")), "P: ", false))).contains("\"text\":\"P: x\"");
    }

    @Test
    void legacyLogprobsWithOffsets() {
        Logprob a = new Logprob("Once", -0.1, null, List.of(new TokenLogprob("Once", -0.1, null), new TokenLogprob("One", -2.0, null)));
        Logprob b = new Logprob(" upon", -0.2, null, List.of(new TokenLogprob(" upon", -0.2, null)));
        String json = Json.write(CompletionAnswer.whole("cmpl-1", List.of(chunk("Once", List.of(a)), chunk(" upon", List.of(b)), last("", "stop")), null, true));
        assertThat(json).contains("\"logprobs\":{\"tokens\":[\"Once\",\" upon\"],\"token_logprobs\":[-0.1,-0.2],"
                + "\"top_logprobs\":[{\"Once\":-0.1,\"One\":-2.0},{\" upon\":-0.2}],\"text_offset\":[0,4]}");
    }

    @Test
    void streamedCompletion() {
        RecordingSink sink = new RecordingSink();
        CompletionAnswer.Stream s = new CompletionAnswer.Stream(sink, "cmpl-1", true, "P:", false);
        s.accept(chunk("a", null));
        s.accept(last("b", "stop"));
        String head = "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":" + T0.toEpochSecond() + ",\"model\":\"m\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[";
        assertThat(sink.jsons()).containsExactly(
                head + "{\"text\":\"P:a\",\"index\":0,\"finish_reason\":null,\"logprobs\":null}]}",
                head + "{\"text\":\"b\",\"index\":0,\"finish_reason\":\"stop\",\"logprobs\":null}]}",
                head + "],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":2,\"total_tokens\":6}}",
                "[DONE]");
    }
}
