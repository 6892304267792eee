package dev.jollama.server.generate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.Json;
import dev.jollama.server.testing.InferenceModels;
import dev.jollama.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.jollama.server.testing.InferenceModels.CHATML;
import static dev.jollama.server.testing.InferenceModels.STORIES;
import static dev.jollama.server.testing.InferenceModels.THINK;
import static dev.jollama.server.testing.InferenceModels.TINY;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/generate over real HTTP against real models. */
class GenerateEndpointTest {
    @TempDir
    static Path store;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(store, Map.of("OLLAMA_NOPRUNE", "1"));
        InferenceModels.createAll(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static TestServer.Response generate(Object body) {
        return server.post("/api/generate", Json.write(body));
    }

    static String greedy(String model, String prompt, int n) {
        return generate(Map.of("model", model, "prompt", prompt, "raw", true, "stream", false,
                "options", Map.of("temperature", 0, "num_predict", n))).json().get("response").asText();
    }

    @Test
    void rawGreedyStoriesMatchesLlamaCpp() {
        JsonNode golden = InferenceModels.storiesGreedy();
        TestServer.Response r = generate(Map.of("model", STORIES, "prompt", golden.get("prompt").asText(), "raw", true, "stream", false,
                "options", Map.of("temperature", 0, "num_predict", 100)));
        assertThat(r.status()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.get("response").asText()).isEqualTo(golden.get("text").asText());
        assertThat(j.get("eval_count").asInt()).isEqualTo(100);
        assertThat(j.get("done_reason").asText()).isEqualTo("length");
        assertThat(j.get("prompt_eval_count").asInt()).isEqualTo(golden.get("prompt_ids").size());
        assertThat(j.has("context")).as("raw answers carry no context").isFalse();
        // the generated ids, as /api/tokenize gives them back, are llama.cpp's
        List<Integer> ids = new ArrayList<>();
        golden.get("generated_ids").forEach(n -> ids.add(n.asInt()));
        assertThat(j.get("response").asText()).isEqualTo(detokenize(STORIES, ids));
    }

    static String detokenize(String model, List<Integer> ids) {
        return server.post("/api/detokenize", Json.write(Map.of("model", model, "tokens", ids))).json().get("content").asText();
    }

    @Test
    void streamingIsOneObjectPerTokenThenTheFinalOne() {
        TestServer.Response r = generate(Map.of("model", STORIES, "prompt", "Once upon a time", "raw", true,
                "options", Map.of("temperature", 0, "num_predict", 10)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/x-ndjson");
        List<JsonNode> lines = r.lines();
        assertThat(lines).hasSize(11);
        StringBuilder text = new StringBuilder();
        for (JsonNode l : lines.subList(0, 10)) {
            assertThat(l.get("done").asBoolean()).isFalse();
            assertThat(l.get("model").asText()).isEqualTo(STORIES);
            assertThat(l.has("done_reason")).isFalse();
            assertThat(l.has("eval_count")).isFalse();
            OffsetDateTime.parse(l.get("created_at").asText());
            text.append(l.get("response").asText());
        }
        JsonNode last = lines.getLast();
        assertThat(last.get("done").asBoolean()).isTrue();
        assertThat(last.get("done_reason").asText()).isEqualTo("length");
        assertThat(last.get("eval_count").asInt()).isEqualTo(10);
        for (String f : List.of("total_duration", "load_duration", "prompt_eval_duration", "eval_duration", "prompt_eval_count")) {
            assertThat(last.get(f).asLong()).as(f).isPositive();
        }
        assertThat(last.get("total_duration").asLong()).isGreaterThanOrEqualTo(last.get("eval_duration").asLong());
        text.append(last.get("response").asText());
        assertThat(text.toString()).isEqualTo(greedy(STORIES, "Once upon a time", 10));
    }

    @Test
    void stopStringsEndWithStopAndAreNotReturned() {
        String full = greedy(STORIES, "Once upon a time", 30);
        String stop = full.substring(20, 25);
        JsonNode j = generate(Map.of("model", STORIES, "prompt", "Once upon a time", "raw", true, "stream", false,
                "options", Map.of("temperature", 0, "num_predict", 30, "stop", List.of(stop)))).json();
        assertThat(j.get("done_reason").asText()).isEqualTo("stop");
        assertThat(j.get("response").asText()).isEqualTo(full.substring(0, full.indexOf(stop)));
    }

    @Test
    void sameSeedSameOutputAtTemperatureOne() {
        Map<String, Object> body = Map.of("model", STORIES, "prompt", "Once upon a time", "raw", true, "stream", false,
                "options", Map.of("temperature", 1, "seed", 7, "num_predict", 40));
        String a = generate(body).json().get("response").asText();
        assertThat(generate(body).json().get("response").asText()).isEqualTo(a);
    }

    @Test
    void contextIsReturnedAndContinuesAConversation() {
        JsonNode first = generate(Map.of("model", STORIES, "prompt", "Once upon a time", "stream", false,
                "options", Map.of("temperature", 0, "num_predict", 8))).json();
        assertThat(first.get("context").isArray()).isTrue();
        List<Integer> context = new ArrayList<>();
        first.get("context").forEach(n -> context.add(n.asInt()));
        // the context is the prompt and the answer, tokenized without BOS
        assertThat(detokenize(STORIES, context)).isEqualTo("Once upon a time" + first.get("response").asText());
        JsonNode debug = generate(Map.of("model", STORIES, "prompt", " Then", "context", context, "_debug_render_only", true)).json();
        assertThat(debug.get("_debug_info").get("rendered_template").asText()).isEqualTo("Once upon a time" + first.get("response").asText() + " Then");
    }

    @Test
    void rawRefusesTemplateSystemAndContext() {
        for (Map<String, Object> extra : List.of(Map.<String, Object>of("template", "{{ .Prompt }}"), Map.<String, Object>of("system", "s"),
                Map.<String, Object>of("context", List.of(1, 2)))) {
            Map<String, Object> body = new java.util.HashMap<>(Map.of("model", STORIES, "prompt", "x", "raw", true));
            body.putAll(extra);
            TestServer.Response r = generate(body);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.error()).isEqualTo("raw mode does not support template, system, or context");
        }
    }

    @Test
    void templatesSystemAndSuffixRenderAsOllamaDoes() {
        assertThat(render(Map.of("model", CHATML, "prompt", "Hi"))).isEqualTo("""
                <|im_start|>system
                You are a tiny random model.<|im_end|>
                <|im_start|>user
                Who are you?<|im_end|>
                <|im_start|>assistant
                A test.<|im_end|>
                <|im_start|>user
                Hi<|im_end|>
                <|im_start|>assistant
                """);
        assertThat(render(Map.of("model", CHATML, "prompt", "Hi", "system", "Be brief."))).startsWith("<|im_start|>system\nBe brief.<|im_end|>");
        // a template without .Messages renders turn by turn (the model's MESSAGEs too), as Ollama's legacy mode does
        assertThat(render(Map.of("model", CHATML, "prompt", "Hi", "template", "[{{ .System }}|{{ .Prompt }}]{{ .Response }}")))
                .isEqualTo("[You are a tiny random model.|Who are you?]A test.[|Hi]");
        assertThat(render(Map.of("model", STORIES, "prompt", "Hi"))).isEqualTo("Hi");
        TestServer.Response fim = generate(Map.of("model", CHATML, "prompt", "def f(", "suffix", "return x", "_debug_render_only", true));
        assertThat(fim.status()).isEqualTo(400);
        assertThat(fim.error()).isEqualTo("registry.ollama.ai/library/tiny-chatml:latest does not support insert");
        // the capability comes from the model's template, not from an override
        assertThat(generate(Map.of("model", CHATML, "prompt", "def f(", "suffix", "return x",
                "template", "<PRE> {{ .Prompt }} <SUF>{{ .Suffix }} <MID>")).status()).isEqualTo(400);
        assertThat(render(Map.of("model", InferenceModels.FIM, "prompt", "def f(", "suffix", "return x"))).isEqualTo("<PRE> def f( <SUF>return x <MID>");
        assertThat(render(Map.of("model", InferenceModels.FIM, "prompt", "def f("))).isEqualTo("def f(");
        TestServer.Response bad = generate(Map.of("model", CHATML, "prompt", "x", "template", "{{ .Prompt "));
        assertThat(bad.status()).isEqualTo(500);
        assertThat(bad.error()).startsWith("template: ");
    }

    static String render(Map<String, Object> body) {
        Map<String, Object> b = new java.util.HashMap<>(body);
        b.put("_debug_render_only", true);
        TestServer.Response r = generate(b);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("done").asBoolean()).isFalse();
        return r.json().get("_debug_info").get("rendered_template").asText();
    }

    @Test
    void emptyPromptLoadsAndKeepAliveZeroUnloads() {
        TestServer.Response load = generate(Map.of("model", TINY));
        assertThat(load.status()).isEqualTo(200);
        assertThat(load.header("Content-Type")).startsWith("application/json");
        assertThat(load.json().get("done_reason").asText()).isEqualTo("load");
        assertThat(load.json().get("done").asBoolean()).isTrue();
        assertThat(loadedNames()).contains("tiny:latest");
        TestServer.Response unload = generate(Map.of("model", TINY, "keep_alive", 0));
        assertThat(unload.json().get("done_reason").asText()).isEqualTo("unload");
        assertThat(loadedNames()).doesNotContain("tiny:latest");
    }

    static List<String> loadedNames() {
        List<String> names = new ArrayList<>();
        server.get("/api/ps").json().get("models").forEach(m -> names.add(m.get("name").asText()));
        return names;
    }

    @Test
    void modelErrors() {
        TestServer.Response missing = generate(Map.of("model", "nope", "prompt", "x"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.error()).isEqualTo("model 'nope' not found");
        TestServer.Response empty = generate(Map.of("prompt", "x"));
        assertThat(empty.status()).isEqualTo(404);
        assertThat(empty.error()).isEqualTo("model '' not found");
        assertThat(generate(Map.of("model", "bad name!", "prompt", "x")).error()).isEqualTo("invalid model name");
        assertThat(server.post("/api/generate", "").error()).isEqualTo("missing request body");
        assertThat(server.post("/api/generate", "{").status()).isEqualTo(400);
    }

    @Test
    void sourceSuffixesAsOllamasModelReferences() {
        TestServer.Response local = generate(Map.of("model", STORIES + ":local"));
        assertThat(local.status()).isEqualTo(200);
        assertThat(local.json().get("done_reason").asText()).isEqualTo("load");
        assertThat(local.json().get("model").asText()).isEqualTo(STORIES + ":local");
        assertThat(generate(Map.of("model", " " + STORIES + " ")).status()).isEqualTo(200);
        for (String cloud : List.of("gpt-oss:cloud", "gpt-oss:120b-cloud", "gpt-oss:120b:CLOUD", "stories:cloud")) {
            TestServer.Response r = generate(Map.of("model", cloud, "prompt", "x"));
            assertThat(r.status()).as(cloud).isEqualTo(403);
            assertThat(r.error()).as(cloud).isEqualTo("ollama cloud is disabled: remote model is unavailable");
        }
        TestServer.Response both = generate(Map.of("model", "stories:local:cloud", "prompt", "x"));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.error()).isEqualTo("use either :local or :cloud, not both: \"stories:local:cloud\"");
        assertThat(generate(Map.of("model", "nope:local", "prompt", "x")).error()).isEqualTo("model 'nope:local' not found");
    }

    @Test
    void fieldNamesMatchWhateverTheirCaseAsGosDecoder() {
        TestServer.Response r = server.post("/api/generate", "{\"Model\":\"" + STORIES + "\",\"PROMPT\":\"Once\",\"Raw\":true,\"stream\":false,"
                + "\"Options\":{\"num_predict\":2,\"temperature\":0}}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("eval_count").asInt()).isEqualTo(2);
        assertThat(r.json().get("model").asText()).isEqualTo(STORIES);
    }

    @Test
    void anOptionOfTheWrongTypeIsOllamasSchedulingError() {
        // Ollama checks options while scheduling and answers that failure with a 500
        for (String path : List.of("/api/generate", "/api/chat", "/api/embed")) {
            TestServer.Response r = server.post(path, Json.write(Map.of("model", STORIES, "prompt", "x",
                    "messages", List.of(Map.of("role", "user", "content", "x")), "input", "x", "options", Map.of("temperature", "hot"))));
            assertThat(r.error()).as(path).isEqualTo("option \"temperature\" must be of type float32");
            assertThat(r.status()).as(path).isEqualTo(500);
        }
    }

    @Test
    void pathTricksInModelNamesAreInvalidNamesOnEveryRoute() {
        for (String bad : List.of("../../etc/passwd", "a/../../b", "/etc/passwd", "..", "ns/../m", "m:../t", "%2e%2e/x", "a\\b", "../x:local")) {
            for (String path : List.of("/api/generate", "/api/chat", "/api/embed", "/api/embeddings", "/api/pull")) {
                TestServer.Response r = server.post(path, Json.write(Map.of("model", bad, "prompt", "x", "input", "x",
                        "messages", List.of(Map.of("role", "user", "content", "x")))));
                assertThat(r.status()).as(path + " " + bad).isEqualTo(400);
                assertThat(r.error()).as(path + " " + bad).isEqualTo("invalid model name");
            }
        }
    }

    @Test
    void promptsLongerThanTheContextAreCutOrRefusedAsOllama() {
        String longText = "Once upon a time there was a little girl. ".repeat(80);
        TestServer.Response refused = generate(Map.of("model", STORIES, "prompt", longText, "raw", true, "shift", false, "stream", false,
                "options", Map.of("num_ctx", 64, "num_predict", 2)));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("the prompt is longer than the context length currently available to the model; shorten the prompt, "
                + "adjust the context length in settings, or use a model with a longer context length");
        JsonNode cut = generate(Map.of("model", STORIES, "prompt", longText, "raw", true, "stream", false,
                "options", Map.of("num_ctx", 64, "num_predict", 2))).json();
        assertThat(cut.get("done").asBoolean()).isTrue();
        assertThat(cut.get("prompt_eval_count").asInt()).isLessThan(64);
    }

    @Test
    void requestFieldErrors() {
        TestServer.Response top = generate(Map.of("model", STORIES, "prompt", "x", "logprobs", true, "top_logprobs", 21));
        assertThat(top.status()).isEqualTo(400);
        assertThat(top.error()).isEqualTo("top_logprobs must be between 0 and 20");
        TestServer.Response think = generate(Map.of("model", STORIES, "prompt", "x", "think", true));
        assertThat(think.status()).isEqualTo(400);
        assertThat(think.error()).isEqualTo("\"stories\" does not support thinking");
        assertThat(generate(Map.of("model", STORIES, "prompt", "x", "think", "extreme")).status()).isEqualTo(400);
        TestServer.Response image = generate(Map.of("model", STORIES, "prompt", "x", "images", List.of("aGVsbG8=")));
        assertThat(image.status()).isEqualTo(400);
        assertThat(image.error()).isEqualTo("this model is missing data required for image input");
        TestServer.Response option = generate(Map.of("model", STORIES, "prompt", "x", "options", Map.of("temperature", "hot")));
        assertThat(option.status()).isEqualTo(500);
        assertThat(option.error()).isEqualTo("option \"temperature\" must be of type float32");
        TestServer.Response format = generate(Map.of("model", STORIES, "prompt", "x", "format", "yaml"));
        assertThat(format.status()).isEqualTo(400);
        assertThat(format.error()).startsWith("invalid format: ");
        TestServer.Response keep = generate(Map.of("model", STORIES, "prompt", "x", "keep_alive", "3600"));
        assertThat(keep.status()).isEqualTo(400);
    }

    @Test
    void logprobsWithAlternatives() {
        JsonNode j = generate(Map.of("model", STORIES, "prompt", "Once upon a time", "raw", true, "stream", false, "logprobs", true,
                "top_logprobs", 3, "options", Map.of("temperature", 0, "num_predict", 5))).json();
        JsonNode lps = j.get("logprobs");
        assertThat(lps).hasSize(5);
        StringBuilder text = new StringBuilder();
        for (JsonNode lp : lps) {
            assertThat(lp.get("logprob").asDouble()).isLessThanOrEqualTo(0);
            assertThat(lp.get("top_logprobs")).hasSize(3);
            // greedy: the chosen token is the most likely one
            assertThat(lp.get("top_logprobs").get(0).get("token").asText()).isEqualTo(lp.get("token").asText());
            byte[] bytes = new byte[lp.get("bytes").size()];
            for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) lp.get("bytes").get(i).asInt();
            assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(lp.get("token").asText());
            text.append(lp.get("token").asText());
        }
        assertThat(text.toString()).isEqualTo(j.get("response").asText());
        JsonNode plain = generate(Map.of("model", STORIES, "prompt", "Once", "raw", true, "stream", false, "logprobs", true,
                "options", Map.of("temperature", 0, "num_predict", 2))).json();
        assertThat(plain.get("logprobs").get(0).has("top_logprobs")).isFalse();
        for (boolean stream : new boolean[]{false, true}) {
            TestServer.Response zero = generate(Map.of("model", STORIES, "prompt", "Once", "raw", true, "stream", stream, "logprobs", true,
                    "top_logprobs", 0, "options", Map.of("temperature", 0, "num_predict", 3)));
            assertThat(zero.status()).isEqualTo(200);
            assertThat(zero.body()).doesNotContain("\"error\"").doesNotContain("top_logprobs");
            assertThat(zero.body()).contains("\"logprob\":");
        }
    }

    @Test
    void formatJsonAlwaysParses() throws Exception {
        // JSON mode: stories260K writes stories into its strings, so only the start is certain in a few tokens
        JsonNode mode = generate(Map.of("model", STORIES, "prompt", "Once upon a time", "stream", false, "format", "json",
                "options", Map.of("temperature", 1, "seed", 1, "num_predict", 20))).json();
        assertThat(mode.get("response").asText()).startsWith("{");
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("name", Map.of("type", "string", "maxLength", 12),
                "age", Map.of("type", "integer", "minimum", 1, "maximum", 99)), "required", List.of("name", "age"));
        for (String model : List.of(STORIES, TINY)) {
            for (int seed = 1; seed <= 3; seed++) {
                JsonNode j = generate(Map.of("model", model, "prompt", "Once upon a time", "stream", false, "format", schema,
                        "options", Map.of("temperature", 1, "seed", seed))).json();
                assertThat(j.get("done_reason").asText()).isEqualTo("stop");
                JsonNode answer = Json.mapper().readTree(j.get("response").asText());
                assertThat(answer.get("name").isTextual()).isTrue();
                assertThat(answer.get("name").asText().length()).isLessThanOrEqualTo(12);
                assertThat(answer.get("age").asInt()).isBetween(1, 99);
            }
        }
        TestServer.Response unsupported = generate(Map.of("model", STORIES, "prompt", "x", "format",
                Map.of("type", "object", "not", Map.of("type", "string"))));
        assertThat(unsupported.status()).isEqualTo(400);
        assertThat(unsupported.error()).contains("unsupported JSON Schema keyword");
    }

    @Test
    void thinkingModelsThinkByDefault() {
        JsonNode j = generate(Map.of("model", THINK, "prompt", "hi", "stream", false, "options", Map.of("num_predict", 5, "seed", 1))).json();
        assertThat(j.get("thinking").asText()).isNotEmpty();
        assertThat(j.get("response").asText()).isEmpty();
        JsonNode off = generate(Map.of("model", THINK, "prompt", "hi", "stream", false, "think", false,
                "options", Map.of("num_predict", 5, "seed", 1))).json();
        assertThat(off.has("thinking")).isFalse();
        assertThat(off.get("response").asText()).isNotEmpty();
        assertThat(render(Map.of("model", THINK, "prompt", "hi", "think", "high"))).endsWith("assistant: <think>");
    }

    @Test
    void modelParametersApplyAndRequestOptionsWin() {
        // tiny's Modelfile sets seed 42: two requests without options sample the same text
        Map<String, Object> body = Map.of("model", TINY, "prompt", "hello", "stream", false, "options", Map.of("num_predict", 12));
        assertThat(generate(body).json().get("response").asText()).isEqualTo(generate(body).json().get("response").asText());
    }
}
