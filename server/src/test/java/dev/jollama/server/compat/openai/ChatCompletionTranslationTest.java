package dev.jollama.server.compat.openai;

import dev.jollama.api.ChatRequest;
import dev.jollama.api.Json;
import dev.jollama.api.Message;
import dev.jollama.server.compat.InvalidParam;
import dev.jollama.server.http.ApiException;
import dev.jollama.server.http.JsonBody;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatCompletionTranslationTest {

    private static final String USER = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private static ChatCompletionTranslation.Call call(String json) {
        return ChatCompletionTranslation.toNative(JsonBody.parse(json.getBytes(StandardCharsets.UTF_8), ChatCompletionRequest.class));
    }

    private static ChatRequest req(String fields) {
        return call("{\"model\":\"m\"," + USER + (fields.isEmpty() ? "" : "," + fields) + "}").request();
    }

    private static List<Message> messages(String messagesJson) {
        return call("{\"model\":\"m\",\"messages\":" + messagesJson + "}").request().messages();
    }

    private static String error(String json) {
        try {
            call(json);
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(400);
            return e.getMessage();
        }
        throw new AssertionError("no error for " + json);
    }

    @Test
    void minimalRequestGetsOllamasSamplingDefaultsAndStreamsNatively() {
        ChatRequest r = req("");
        assertThat(r.model()).isEqualTo("m");
        assertThat(r.messages()).containsExactly(Message.of("user", "hi"));
        assertThat(r.options()).containsExactly(Map.entry("temperature", 1.0), Map.entry("top_p", 1.0));
        assertThat(r.stream()).isTrue();
        assertThat(r.format()).isNull();
        assertThat(r.tools()).isNull();
        assertThat(r.think()).isNull();
        assertThat(r.logprobs()).isFalse();
        assertThat(r.keepAlive()).isNull();
        assertThat(call("{\"model\":\"m\"," + USER + "}").stream()).isFalse();
    }

    @Test
    void samplingFieldsBecomeOptions() {
        ChatRequest r = req("\"max_tokens\":7,\"seed\":42,\"temperature\":0.2,\"top_p\":0.5,\"frequency_penalty\":0.3,\"presence_penalty\":0.4,\"stop\":\"x\"");
        assertThat(r.options()).containsEntry("num_predict", 7).containsEntry("seed", 42L).containsEntry("temperature", 0.2)
                .containsEntry("top_p", 0.5).containsEntry("frequency_penalty", 0.3).containsEntry("presence_penalty", 0.4)
                .containsEntry("stop", List.of("x"));
        assertThat(req("\"stop\":[\"a\",\"b\"]").options()).containsEntry("stop", List.of("a", "b"));
        assertThat(error("{\"model\":\"m\"," + USER + ",\"stop\":[1]}")).isEqualTo("invalid type for 'stop' field: float64");
        assertThat(error("{\"model\":\"m\"," + USER + ",\"stop\":5}")).isEqualTo("invalid type for 'stop' field: float64");
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokens() {
        assertThat(req("\"max_completion_tokens\":9").options()).containsEntry("num_predict", 9);
        assertThat(req("\"max_tokens\":3,\"max_completion_tokens\":9").options()).containsEntry("num_predict", 9);
    }

    @Test
    void extraOllamaOptionsSetContextLengthAndOtherOptions() {
        ChatRequest r = req("\"num_ctx\":8192,\"options\":{\"top_k\":5,\"temperature\":0.1,\"num_ctx\":2048},\"keep_alive\":\"10m\"");
        assertThat(r.options()).containsEntry("num_ctx", 8192).containsEntry("top_k", 5).containsEntry("temperature", 0.1).containsEntry("top_p", 1.0);
        assertThat(r.keepAlive().duration()).hasMinutes(10);
        // the dialect's own field wins over the same option in "options"
        assertThat(req("\"temperature\":0.7,\"options\":{\"temperature\":0.1}").options()).containsEntry("temperature", 0.7);
        InvalidParam e = (InvalidParam) catchError("{\"model\":\"m\"," + USER + ",\"options\":{\"num_ctx\":\"big\"}}");
        assertThat(e.param()).isEqualTo("options");
        assertThat(e.getMessage()).isEqualTo("option \"num_ctx\" must be of type integer");
    }

    private static ApiException catchError(String json) {
        try {
            call(json);
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("no error");
    }

    @Test
    void streamAndUsageOptions() {
        ChatCompletionTranslation.Call c = call("{\"model\":\"m\"," + USER + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        assertThat(c.stream()).isTrue();
        assertThat(c.includeUsage()).isTrue();
        assertThat(call("{\"model\":\"m\"," + USER + ",\"stream\":true}").includeUsage()).isFalse();
    }

    @Test
    void responseFormatBecomesFormat() {
        assertThat(Json.write(req("\"response_format\":{\"type\":\"json_object\"}").format())).isEqualTo("\"json\"");
        assertThat(Json.write(req("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"n\",\"strict\":true,\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}}").format()))
                .isEqualTo("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}");
        assertThat(Json.write(req("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"n\"}}").format())).isEqualTo("\"json\"");
        assertThat(req("\"response_format\":{\"type\":\"text\"}").format()).isNull();
        assertThat(error("{\"model\":\"m\"," + USER + ",\"response_format\":{\"type\":\"xml\"}}")).startsWith("invalid response_format type: \"xml\"");
    }

    @Test
    void reasoningEffortMapsToThinkAsOllamaDoes() {
        Map<String, Object> expected = Map.of("none", false, "minimal", "low", "low", "low", "medium", "medium", "high", "high",
                "max", "max", "xhigh", "max", "ultra", "max");
        expected.forEach((effort, think) -> {
            assertThat(req("\"reasoning_effort\":\"" + effort + "\"").think().value()).as(effort).isEqualTo(think);
            assertThat(req("\"reasoning\":{\"effort\":\"" + effort + "\"}").think().value()).as(effort).isEqualTo(think);
        });
        assertThat(req("\"reasoning_effort\":\"\"").think()).isNull();
        assertThat(req("\"reasoning\":{\"effort\":\"low\"},\"reasoning_effort\":\"high\"").think().value()).isEqualTo("low");
        assertThat(error("{\"model\":\"m\"," + USER + ",\"reasoning_effort\":\"huge\"}"))
                .isEqualTo("invalid reasoning value: \"huge\" (must be \"minimal\", \"low\", \"medium\", \"high\", \"xhigh\", \"ultra\", \"max\", or \"none\")");
    }

    @Test
    void logprobsAndDebugRender() {
        ChatRequest r = req("\"logprobs\":true,\"top_logprobs\":3,\"_debug_render_only\":true");
        assertThat(r.logprobs()).isTrue();
        assertThat(r.topLogprobs()).isEqualTo(3);
        assertThat(r.debugRenderOnly()).isTrue();
    }

    @Test
    void nAboveOneAndEmptyMessagesAreClear400s() {
        assertThat(req("\"n\":1").model()).isEqualTo("m");
        InvalidParam e = (InvalidParam) catchError("{\"model\":\"m\"," + USER + ",\"n\":3}");
        assertThat(e.param()).isEqualTo("n");
        assertThat(e.getMessage()).contains("n must be 1");
        assertThat(error("{\"model\":\"m\",\"messages\":[]}")).isEqualTo("[] is too short - 'messages'");
        assertThat(error("{\"model\":\"m\"}")).isEqualTo("[] is too short - 'messages'");
    }

    @Test
    void contentPartsJoinTextAndCollectImages() {
        byte[] png = {1, 2, 3};
        String b64 = Base64.getEncoder().encodeToString(png);
        List<Message> ms = messages("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"look \"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64," + b64 + "\"}},"
                + "{\"type\":\"image_url\",\"image_url\":\"data:;base64," + b64 + "\"},"
                + "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"" + b64 + "\",\"format\":\"wav\"}},"
                + "{\"type\":\"text\",\"text\":\"here\"}]}]");
        assertThat(ms).hasSize(1);
        assertThat(ms.getFirst().content()).isEqualTo("look here");
        assertThat(ms.getFirst().images()).hasSize(3).allSatisfy(i -> assertThat(i).containsExactly(png));
    }

    @Test
    void imageUrlsOtherThanBase64DataAreRefusedWithOllamasTexts() {
        assertThat(error("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]}]}"))
                .isEqualTo("image URLs are not currently supported, please use base64 encoded data instead");
        assertThat(error("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/gif;base64,AAAA\"}}]}]}"))
                .isEqualTo("invalid image input");
        assertThat(error("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,%%%\"}}]}]}"))
                .isEqualTo("invalid image input");
        assertThat(error("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"video\"}]}]}")).isEqualTo("invalid message format");
        assertThat(error("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":5}]}]}")).isEqualTo("invalid message format");
    }

    @Test
    void contentTypesAsOllamaNamesThem() {
        assertThat(error("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":5}]}")).isEqualTo("invalid message content type: float64");
        assertThat(error("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}")).isEqualTo("invalid message content type: <nil>");
        assertThat(error("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":{}}]}")).isEqualTo("invalid message content type: map[string]interface {}");
    }

    @Test
    void rolesReasoningAndDeveloper() {
        List<Message> ms = messages("[{\"role\":\"developer\",\"content\":\"rules\"},{\"role\":\"User\",\"content\":\"q\"},"
                + "{\"role\":\"assistant\",\"content\":\"a\",\"reasoning\":\"hmm\"},{\"role\":\"assistant\",\"content\":\"b\",\"reasoning_content\":\"hm2\"}]");
        assertThat(ms).extracting(Message::role).containsExactly("system", "user", "assistant", "assistant");
        assertThat(ms.get(2).thinking()).isEqualTo("hmm");
        assertThat(ms.get(3).thinking()).isEqualTo("hm2");
    }

    @Test
    void toolCallsAndResultsWithNamesResolvedFromIds() {
        List<Message> ms = messages("[{\"role\":\"user\",\"content\":\"weather?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"old\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\",\\\"days\\\":2}\"}},"
                + "{\"id\":\"c2\",\"type\":\"function\",\"function\":{\"name\":\"time\",\"arguments\":\"\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"sunny\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c2\",\"name\":\"clock\",\"content\":\"noon\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"zz\",\"content\":\"?\"}]");
        Message calls = ms.get(2);
        assertThat(calls.content()).isEmpty();
        assertThat(calls.toolCalls()).hasSize(2);
        assertThat(calls.toolCalls().get(0).id()).isEqualTo("c1");
        assertThat(calls.toolCalls().get(0).function().name()).isEqualTo("weather");
        assertThat(Json.write(calls.toolCalls().get(0).function().arguments())).isEqualTo("{\"city\":\"Paris\",\"days\":2}");
        assertThat(calls.toolCalls().get(1).function().arguments()).isEmpty();
        assertThat(ms.get(3).toolName()).isEqualTo("weather");
        assertThat(ms.get(3).toolCallId()).isEqualTo("c1");
        assertThat(ms.get(4).toolName()).isEqualTo("clock");
        assertThat(ms.get(5).toolName()).isNull();
        // an object instead of a JSON string is taken too
        assertThat(messages("[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":{\"x\":1}}}]}]")
                .getFirst().toolCalls().getFirst().function().arguments()).containsEntry("x", 1);
        assertThat(error("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\"{nope\"}}]}]}"))
                .isEqualTo("invalid tool call arguments");
    }

    @Test
    void toolsPassWithTheirSchemas() {
        ChatRequest r = req("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"weather\",\"description\":\"Get weather\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"City\"}},\"required\":[\"city\"]}}}]");
        assertThat(Json.write(r.tools())).isEqualTo("[{\"type\":\"function\",\"function\":{\"name\":\"weather\",\"description\":\"Get weather\","
                + "\"parameters\":{\"type\":\"object\",\"required\":[\"city\"],\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"City\"}}}}}]");
        assertThat(r.format()).isNull();
        assertThat(error("{\"model\":\"m\"," + USER + ",\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"x\"}}]}"))
                .startsWith("unsupported tool type \"custom\"");
    }

    private static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"a\",\"parameters\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"integer\"}},\"required\":[\"x\"]}}},"
            + "{\"type\":\"function\",\"function\":{\"name\":\"b\"}}]";

    @Test
    void toolChoiceNoneOffersNoToolsAutoOffersAll() {
        assertThat(call("{\"model\":\"m\"," + USER + "," + TOOLS + ",\"tool_choice\":\"none\"}").request().tools()).isNull();
        ChatCompletionTranslation.Call auto = call("{\"model\":\"m\"," + USER + "," + TOOLS + ",\"tool_choice\":\"auto\"}");
        assertThat(auto.request().tools()).hasSize(2);
        assertThat(auto.forced()).isNull();
        assertThat(auto.request().format()).isNull();
    }

    @Test
    void toolChoiceRequiredAndNamedConstrainTheAnswerToACall() {
        ChatCompletionTranslation.Call required = call("{\"model\":\"m\"," + USER + "," + TOOLS + ",\"tool_choice\":\"required\",\"response_format\":{\"type\":\"json_object\"}}");
        assertThat(required.forced()).isNotNull();
        assertThat(required.request().tools()).hasSize(2);
        assertThat(Json.write(required.request().format())).isEqualTo("{\"anyOf\":["
                + "{\"type\":\"object\",\"properties\":{\"name\":{\"const\":\"a\"},\"arguments\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"integer\"}},\"required\":[\"x\"]}},\"required\":[\"name\",\"arguments\"]},"
                + "{\"type\":\"object\",\"properties\":{\"name\":{\"const\":\"b\"},\"arguments\":{\"type\":\"object\"}},\"required\":[\"name\",\"arguments\"]}]}");
        ChatCompletionTranslation.Call named = call("{\"model\":\"m\"," + USER + "," + TOOLS + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"b\"}}}");
        assertThat(Json.write(named.request().format()))
                .isEqualTo("{\"type\":\"object\",\"properties\":{\"name\":{\"const\":\"b\"},\"arguments\":{\"type\":\"object\"}},\"required\":[\"name\",\"arguments\"]}");
        assertThat(error("{\"model\":\"m\"," + USER + "," + TOOLS + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"c\"}}}"))
                .isEqualTo("tool_choice names the function 'c', which is not among the request's tools");
        assertThat(error("{\"model\":\"m\"," + USER + ",\"tool_choice\":\"required\"}"))
                .isEqualTo("tool_choice requires a tool call but the request has no tools");
        assertThat(error("{\"model\":\"m\"," + USER + ",\"tool_choice\":\"sometimes\"}")).startsWith("invalid tool_choice: \"sometimes\"");
    }
}
