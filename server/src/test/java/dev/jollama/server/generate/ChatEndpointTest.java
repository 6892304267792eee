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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.jollama.server.testing.InferenceModels.CHATML;
import static dev.jollama.server.testing.InferenceModels.STORIES;
import static dev.jollama.server.testing.InferenceModels.THINK;
import static dev.jollama.server.testing.InferenceModels.TINY;
import static dev.jollama.server.testing.InferenceModels.TOOLS;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/chat over real HTTP against real models. */
class ChatEndpointTest {
    @TempDir
    static Path store;
    static TestServer server;

    private static final Map<String, Object> WEATHER_TOOL = Map.of("type", "function", "function", Map.of("name", "get_weather",
            "description", "Weather in a city", "parameters", Map.of("type", "object", "required", List.of("city"),
                    "properties", Map.of("city", Map.of("type", "string", "description", "the city")))));

    @BeforeAll
    static void start() {
        server = TestServer.start(store, Map.of("OLLAMA_NOPRUNE", "1"));
        InferenceModels.createAll(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static TestServer.Response chat(Map<String, Object> body) {
        return server.post("/api/chat", Json.write(body));
    }

    static Map<String, Object> user(String content) {
        return Map.of("role", "user", "content", content);
    }

    static String render(Map<String, Object> body) {
        Map<String, Object> b = new HashMap<>(body);
        b.put("_debug_render_only", true);
        TestServer.Response r = chat(b);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("_debug_info").get("rendered_template").asText();
    }

    @Test
    void answersStreamedAndWhole() {
        Map<String, Object> body = Map.of("model", STORIES, "messages", List.of(user("Once upon a time")),
                "options", Map.of("temperature", 0, "num_predict", 12));
        List<JsonNode> lines = chat(body).lines();
        assertThat(lines).hasSizeGreaterThan(2);
        StringBuilder text = new StringBuilder();
        for (JsonNode l : lines) {
            assertThat(l.get("message").get("role").asText()).isEqualTo("assistant");
            text.append(l.get("message").get("content").asText());
        }
        JsonNode last = lines.getLast();
        assertThat(last.get("done").asBoolean()).isTrue();
        assertThat(last.get("done_reason").asText()).isEqualTo("length");
        assertThat(last.get("eval_count").asInt()).isEqualTo(12);
        Map<String, Object> whole = new HashMap<>(body);
        whole.put("stream", false);
        TestServer.Response r = chat(whole);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode j = r.json();
        assertThat(j.get("message").get("content").asText()).isEqualTo(text.toString());
        assertThat(j.get("done").asBoolean()).isTrue();
        assertThat(j.get("total_duration").asLong()).isPositive();
        // the stories model has no template: the prompt is the message itself, so chat answers as raw generate does
        JsonNode gen = server.post("/api/generate", Json.write(Map.of("model", STORIES, "prompt", "Once upon a time", "raw", true,
                "stream", false, "options", Map.of("temperature", 0, "num_predict", 12)))).json();
        assertThat(gen.get("response").asText()).isEqualTo(text.toString());
    }

    @Test
    void modelSystemAndMessagesArePrependedAsOllamaDoes() {
        assertThat(render(Map.of("model", CHATML, "messages", List.of(user("Hi"))))).isEqualTo("""
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
        // a request starting with its own system message replaces the model's (after the model's MESSAGEs, as in Ollama)
        assertThat(render(Map.of("model", CHATML, "messages", List.of(Map.of("role", "SYSTEM", "content", "Mine."), user("Hi")))))
                .startsWith("<|im_start|>user\nWho are you?").contains("<|im_start|>system\nMine.<|im_end|>").doesNotContain("tiny random");
    }

    @Test
    void toolsAreRenderedAndToolTurnsToo() {
        Map<String, Object> call = Map.of("function", Map.of("name", "get_weather", "arguments", Map.of("city", "Paris")));
        String p = render(Map.of("model", TOOLS, "tools", List.of(WEATHER_TOOL), "messages", List.of(user("Weather in Paris?"),
                Map.of("role", "assistant", "content", "", "tool_calls", List.of(call)),
                Map.of("role", "tool", "content", "sunny", "tool_name", "get_weather"), user("Thanks"))));
        assertThat(p).contains("\"name\":\"get_weather\"", "{\"name\": \"get_weather\", \"parameters\": {\"city\":\"Paris\"}}",
                "<|start_header_id|>ipython<|end_header_id|>\n\nsunny<|eot_id|>");
        TestServer.Response refused = chat(Map.of("model", CHATML, "tools", List.of(WEATHER_TOOL), "messages", List.of(user("x"))));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("registry.ollama.ai/library/tiny-chatml:latest does not support tools");
        JsonNode j = chat(Map.of("model", TOOLS, "tools", List.of(WEATHER_TOOL), "messages", List.of(user("x")), "stream", false,
                "options", Map.of("num_predict", 4))).json();
        assertThat(j.get("done").asBoolean()).isTrue();
    }

    @Test
    void toolCallsAreParsedFromTheAnswer() {
        // a format that only allows a call of get_weather makes even a random model answer with one
        Map<String, Object> callSchema = Map.of("type", "object", "required", List.of("name", "parameters"), "properties", Map.of(
                "name", Map.of("const", "get_weather"),
                "parameters", Map.of("type", "object", "required", List.of("city"),
                        "properties", Map.of("city", Map.of("type", "string", "pattern", "^[a-z]{1,8}$")))));
        for (boolean stream : List.of(false, true)) {
            TestServer.Response r = chat(Map.of("model", TOOLS, "tools", List.of(WEATHER_TOOL), "messages", List.of(user("Weather in Paris?")),
                    "stream", stream, "format", callSchema, "options", Map.of("temperature", 1, "seed", 5)));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            List<JsonNode> calls = new java.util.ArrayList<>();
            StringBuilder content = new StringBuilder();
            for (JsonNode l : r.lines()) {
                l.get("message").path("tool_calls").forEach(calls::add);
                content.append(l.get("message").get("content").asText());
            }
            assertThat(calls).hasSize(1);
            JsonNode call = calls.getFirst();
            assertThat(call.get("id").asText()).matches("call_[a-z0-9]{8}");
            assertThat(call.get("function").get("index").asInt()).isZero();
            assertThat(call.get("function").get("name").asText()).isEqualTo("get_weather");
            assertThat(call.get("function").get("arguments").get("city").asText()).matches("[a-z]{1,8}");
            assertThat(content.toString()).isEmpty();
        }
    }

    @Test
    void thinkingIsSeparatedAndEarlierThinkingRendered() {
        JsonNode j = chat(Map.of("model", THINK, "messages", List.of(user("hi")), "stream", false,
                "options", Map.of("num_predict", 6, "seed", 3))).json();
        assertThat(j.get("message").get("thinking").asText()).isNotEmpty();
        assertThat(j.get("message").get("content").asText()).isEmpty();
        List<JsonNode> lines = chat(Map.of("model", THINK, "messages", List.of(user("hi")), "options", Map.of("num_predict", 6, "seed", 3))).lines();
        StringBuilder thinking = new StringBuilder();
        lines.forEach(l -> thinking.append(l.get("message").path("thinking").asText()));
        assertThat(thinking.toString()).isEqualTo(j.get("message").get("thinking").asText());
        assertThat(render(Map.of("model", THINK, "think", true, "messages", List.of(user("a"),
                Map.of("role", "assistant", "content", "b", "thinking", "because"), user("c")))))
                .isEqualTo("user: a\nassistant: <think>because</think>b\nuser: c\nassistant: <think>");
        TestServer.Response refused = chat(Map.of("model", STORIES, "think", true, "messages", List.of(user("x"))));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("\"stories\" does not support thinking");
    }

    @Test
    void ggufJinjaTemplatesRenderWhenThereIsNoGoTemplate() throws Exception {
        Path qwen3 = dev.jollama.testing.TestData.requireShared("reference/jinja-templates/Qwen-Qwen3-0.6B.jinja");
        Path gguf = InferenceModels.withChatTemplate(dev.jollama.testing.TestData.tinyRandomLlama(), store.resolve("tiny-qwen3.gguf"),
                java.nio.file.Files.readString(qwen3));
        InferenceModels.create(server, "tiny-jinja", gguf, Map.of());
        JsonNode show = server.post("/api/show", Json.write(Map.of("model", "tiny-jinja"))).json();
        assertThat(show.get("capabilities")).extracting(JsonNode::asText).contains("tools", "thinking");
        String on = render(Map.of("model", "tiny-jinja", "messages", List.of(Map.of("role", "system", "content", "Be kind."), user("hi"))));
        assertThat(on).isEqualTo("<|im_start|>system\nBe kind.<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n");
        String off = render(Map.of("model", "tiny-jinja", "think", false, "messages", List.of(user("hi"))));
        assertThat(off).endsWith("<|im_start|>assistant\n<think>\n\n</think>\n\n");
        String tools = render(Map.of("model", "tiny-jinja", "tools", List.of(WEATHER_TOOL), "messages", List.of(user("hi"))));
        assertThat(tools).contains("<tools>", "\"name\": \"get_weather\"");
        JsonNode answer = chat(Map.of("model", "tiny-jinja", "messages", List.of(user("hi")), "stream", false, "think", false,
                "options", Map.of("num_predict", 5))).json();
        assertThat(answer.get("done").asBoolean()).as(answer.toString()).isTrue();
    }

    @Test
    void formatAppliesToTheAnswer() throws Exception {
        JsonNode j = chat(Map.of("model", TINY, "messages", List.of(user("x")), "stream", false, "format", "json",
                "options", Map.of("temperature", 1, "num_predict", 300))).json();
        assertThat(Json.mapper().readTree(j.get("message").get("content").asText()).isObject()).isTrue();
    }

    @Test
    void formatAppliesAfterThinking() throws Exception {
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("mood", Map.of("enum", List.of("happy", "sad"))),
                "required", List.of("mood"));
        for (boolean stream : List.of(false, true)) {
            TestServer.Response r = chat(Map.of("model", InferenceModels.STORIES_THINK, "messages", List.of(user("Once upon a time")),
                    "stream", stream, "format", schema, "options", Map.of("temperature", 0)));
            StringBuilder thinking = new StringBuilder(), content = new StringBuilder();
            for (JsonNode l : r.lines()) {
                thinking.append(l.get("message").path("thinking").asText());
                content.append(l.get("message").get("content").asText());
            }
            assertThat(thinking.toString()).as("stories thinks until its first full stop").isNotBlank().doesNotContain(".");
            assertThat(Json.mapper().readTree(content.toString()).get("mood").asText()).isIn("happy", "sad");
            assertThat(r.lines().getLast().get("done_reason").asText()).isEqualTo("stop");
        }
        // without think the format applies from the first token
        JsonNode off = chat(Map.of("model", InferenceModels.STORIES_THINK, "messages", List.of(user("Once upon a time")), "think", false,
                "stream", false, "format", schema, "options", Map.of("temperature", 0))).json();
        assertThat(off.get("message").has("thinking")).isFalse();
        assertThat(Json.mapper().readTree(off.get("message").get("content").asText()).get("mood").asText()).isIn("happy", "sad");
    }

    @Test
    void logprobsAreCollected() {
        JsonNode j = chat(Map.of("model", STORIES, "messages", List.of(user("Once")), "stream", false, "logprobs", true,
                "options", Map.of("temperature", 0, "num_predict", 4))).json();
        assertThat(j.get("logprobs")).hasSize(4);
        for (boolean stream : new boolean[]{false, true}) {
            TestServer.Response zero = chat(Map.of("model", STORIES, "messages", List.of(user("Once")), "stream", stream, "logprobs", true,
                    "top_logprobs", 0, "options", Map.of("temperature", 0, "num_predict", 3)));
            assertThat(zero.status()).isEqualTo(200);
            assertThat(zero.body()).doesNotContain("\"error\"").doesNotContain("top_logprobs").contains("\"logprob\":");
        }
    }

    @Test
    void emptyMessagesLoadAndKeepAliveZeroUnloads() {
        JsonNode load = chat(Map.of("model", TINY, "messages", List.of())).json();
        assertThat(load.get("done_reason").asText()).isEqualTo("load");
        assertThat(load.get("message").get("role").asText()).isEqualTo("assistant");
        JsonNode unload = chat(Map.of("model", TINY, "keep_alive", 0)).json();
        assertThat(unload.get("done_reason").asText()).isEqualTo("unload");
    }

    @Test
    void errors() {
        assertThat(chat(Map.of("messages", List.of(user("x")))).error()).isEqualTo("model is required");
        TestServer.Response missing = chat(Map.of("model", "nope", "messages", List.of(user("x"))));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.error()).isEqualTo("model 'nope' not found");
        assertThat(chat(Map.of("model", STORIES, "messages", List.of(user("x")), "top_logprobs", -1)).error())
                .isEqualTo("top_logprobs must be between 0 and 20");
        TestServer.Response image = chat(Map.of("model", STORIES, "messages", List.of(Map.of("role", "user", "content", "x", "images", List.of("aGk=")))));
        assertThat(image.status()).isEqualTo(400);
        TestServer.Response cloud = chat(Map.of("model", "qwen3:cloud", "messages", List.of(user("x"))));
        assertThat(cloud.status()).isEqualTo(403);
        assertThat(cloud.error()).isEqualTo("ollama cloud is disabled: remote model is unavailable");
        assertThat(chat(Map.of("model", TINY + ":local", "messages", List.of())).json().get("done_reason").asText()).isEqualTo("load");
    }

    @Test
    void promptLongerThanTheContextWithoutShiftIsOllamasError() {
        String longText = "Once upon a time there was a little girl. ".repeat(80);
        TestServer.Response r = chat(Map.of("model", STORIES, "messages", List.of(user(longText)), "shift", false, "stream", false,
                "options", Map.of("num_ctx", 64, "num_predict", 2)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("the prompt is longer than the context length currently available to the model; shorten the prompt, "
                + "adjust the context length in settings, or use a model with a longer context length");
        JsonNode ok = chat(Map.of("model", STORIES, "messages", List.of(user(longText)), "stream", false,
                "options", Map.of("num_ctx", 64, "num_predict", 2))).json();
        assertThat(ok.get("done").asBoolean()).isTrue();
        assertThat(ok.get("prompt_eval_count").asInt()).isLessThan(64);
    }
}
