package dev.jollama.server.compat.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.ChatRequest;
import dev.jollama.api.ChatResponse;
import dev.jollama.api.Json;
import dev.jollama.api.Message;
import dev.jollama.server.compat.ChatAccumulator;
import dev.jollama.server.compat.RecordingSink;
import dev.jollama.server.http.ApiException;
import dev.jollama.server.http.JsonBody;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.jollama.server.compat.NativeChunks.call;
import static dev.jollama.server.compat.NativeChunks.calls;
import static dev.jollama.server.compat.NativeChunks.content;
import static dev.jollama.server.compat.NativeChunks.done;
import static dev.jollama.server.compat.NativeChunks.thinking;
import static org.assertj.core.api.Assertions.assertThat;

/** /v1/messages: Anthropic requests to native chat requests, native chunks to messages and their events. */
class MessagesTest {

    private static final String BASE = "\"model\":\"m\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private static MessagesRequest parse(String json) {
        return JsonBody.parse(json.getBytes(StandardCharsets.UTF_8), MessagesRequest.class);
    }

    private static ChatRequest req(String fields) {
        return MessagesTranslation.messages(parse("{" + BASE + (fields.isEmpty() ? "" : "," + fields) + "}")).request();
    }

    private static List<Message> messages(String messagesJson) {
        return MessagesTranslation.messages(parse("{\"model\":\"m\",\"max_tokens\":1,\"messages\":" + messagesJson + "}")).request().messages();
    }

    private static String error(String json) {
        try {
            MessagesTranslation.messages(parse(json));
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(400);
            return e.getMessage();
        }
        throw new AssertionError("no error");
    }

    @Test
    void samplingFieldsAsOptionsWithoutDefaults() {
        ChatRequest r = req("\"temperature\":0.5,\"top_p\":0.9,\"top_k\":40,\"stop_sequences\":[\"END\"],\"num_ctx\":4096,\"stream\":true");
        assertThat(r.options()).containsEntry("num_predict", 64).containsEntry("temperature", 0.5).containsEntry("top_p", 0.9)
                .containsEntry("top_k", 40).containsEntry("stop", List.of("END")).containsEntry("num_ctx", 4096);
        assertThat(req("").options()).containsExactly(Map.entry("num_predict", 64));
        assertThat(r.messages()).containsExactly(Message.of("user", "hi"));
        assertThat(r.stream()).isTrue();
    }

    @Test
    void requiredFieldsWithOllamasTexts() {
        assertThat(error("{\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).isEqualTo("model is required");
        assertThat(error("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).isEqualTo("max_tokens is required and must be positive");
        assertThat(error("{\"model\":\"m\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).isEqualTo("max_tokens is required and must be positive");
        assertThat(error("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[]}")).isEqualTo("messages is required");
        // count_tokens needs no max_tokens, and renders only
        ChatRequest count = MessagesTranslation.countTokens(parse("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).request();
        assertThat(count.debugRenderOnly()).isTrue();
    }

    @Test
    void systemAsStringOrBlocks() {
        assertThat(req("\"system\":\"Be kind\"").messages().getFirst()).isEqualTo(Message.of("system", "Be kind"));
        assertThat(req("\"system\":[{\"type\":\"text\",\"text\":\"A\"},{\"type\":\"text\",\"text\":\"B\",\"cache_control\":{\"type\":\"ephemeral\"}}]").messages().getFirst())
                .isEqualTo(Message.of("system", "AB"));
        assertThat(req("\"system\":\"\"").messages()).hasSize(1);
    }

    @Test
    void blocksBecomeNativeMessagesWithToolResultsFirstAndNamed() {
        List<Message> ms = messages("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Look: \"},"
                + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"AQID\"}}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"plan\",\"signature\":\"s\"},{\"type\":\"text\",\"text\":\"Checking.\"},"
                + "{\"type\":\"tool_use\",\"id\":\"tu1\",\"name\":\"weather\",\"input\":{\"city\":\"Lima\"}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"tu1\",\"content\":[{\"type\":\"text\",\"text\":\"warm\"}],\"is_error\":false},"
                + "{\"type\":\"text\",\"text\":\"thanks\"}]}]");
        assertThat(ms).extracting(Message::role).containsExactly("user", "assistant", "tool", "user");
        assertThat(ms.get(0).content()).isEqualTo("Look: ");
        assertThat(ms.get(0).images()).singleElement().satisfies(i -> assertThat(i).containsExactly(1, 2, 3));
        assertThat(ms.get(1).thinking()).isEqualTo("plan");
        assertThat(ms.get(1).content()).isEqualTo("Checking.");
        assertThat(ms.get(1).toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("tu1");
            assertThat(c.function().name()).isEqualTo("weather");
            assertThat(c.function().arguments()).isEqualTo(Map.of("city", "Lima"));
        });
        assertThat(ms.get(2).content()).isEqualTo("warm");
        assertThat(ms.get(2).toolCallId()).isEqualTo("tu1");
        assertThat(ms.get(2).toolName()).isEqualTo("weather");
        assertThat(ms.get(3).content()).isEqualTo("thanks");
    }

    @Test
    void badBlocksAre400s() {
        assertThat(error("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://x\"}}]}]}"))
                .isEqualTo("invalid image source type: url. Only base64 images are supported.");
        assertThat(error("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"name\":\"f\"}]}]}"))
                .isEqualTo("tool_use block missing required 'id' field");
        assertThat(error("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"x\"}]}]}"))
                .isEqualTo("tool_use block missing required 'name' field");
    }

    @Test
    void thinkingAndEffort() {
        assertThat(req("\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}").think().value()).isEqualTo(true);
        assertThat(req("\"thinking\":{\"type\":\"disabled\"}").think().value()).isEqualTo(false);
        assertThat(req("\"output_config\":{\"effort\":\"xhigh\"}").think().value()).isEqualTo("high");
        assertThat(req("\"output_config\":{\"effort\":\"low\"}").think().value()).isEqualTo("low");
        assertThat(req("\"thinking\":{\"type\":\"disabled\"},\"output_config\":{\"effort\":\"low\"}").think().value()).isEqualTo(false);
        assertThat(req("").think()).isNull();
    }

    @Test
    void toolsAndToolChoice() {
        String tools = "\"tools\":[{\"name\":\"weather\",\"description\":\"W\",\"input_schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}},"
                + "{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]";
        ChatRequest r = req(tools);
        assertThat(Json.write(r.tools())).isEqualTo("[{\"type\":\"function\",\"function\":{\"name\":\"weather\",\"description\":\"W\","
                + "\"parameters\":{\"type\":\"object\",\"required\":[\"city\"],\"properties\":{\"city\":{\"type\":\"string\"}}}}}]");
        assertThat(req(tools + ",\"tool_choice\":{\"type\":\"none\"}").tools()).isNull();
        assertThat(req(tools + ",\"tool_choice\":{\"type\":\"auto\"}").format()).isNull();
        assertThat(req(tools + ",\"tool_choice\":{\"type\":\"any\"}").format().path("properties").path("name").path("const").textValue()).isEqualTo("weather");
        assertThat(req(tools + ",\"tool_choice\":{\"type\":\"tool\",\"name\":\"weather\"}").format()).isNotNull();
        assertThat(error("{" + BASE + "," + tools + ",\"tool_choice\":{\"type\":\"tool\",\"name\":\"x\"}}"))
                .isEqualTo("tool_choice names the function 'x', which is not among the request's tools");
        assertThat(error("{" + BASE + ",\"tool_choice\":{\"type\":\"maybe\"}}")).startsWith("invalid tool_choice type");
    }

    @Test
    void stopReasonsAsOllamaMapsThem() {
        assertThat(MessagesAnswer.stopReason("stop", false)).isEqualTo("end_turn");
        assertThat(MessagesAnswer.stopReason("length", false)).isEqualTo("max_tokens");
        assertThat(MessagesAnswer.stopReason("stop", true)).isEqualTo("tool_use");
        assertThat(MessagesAnswer.stopReason("unload", false)).isEqualTo("stop_sequence");
        assertThat(MessagesAnswer.stopReason("", false)).isNull();
    }

    @Test
    void theWholeMessage() {
        ChatAccumulator all = new ChatAccumulator();
        for (ChatResponse c : List.of(thinking("hm"), content("Hello"), calls(call("tu_1", "f", Map.of("a", "b"))), done("stop", 4))) all.accept(c);
        assertThat(Json.write(MessagesAnswer.whole("msg_1", all.result()))).isEqualTo("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
                + "\"content\":[{\"type\":\"thinking\",\"thinking\":\"hm\",\"signature\":\"\"},{\"type\":\"text\",\"text\":\"Hello\"},"
                + "{\"type\":\"tool_use\",\"id\":\"tu_1\",\"name\":\"f\",\"input\":{\"a\":\"b\"}}],"
                + "\"stop_reason\":\"tool_use\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":4}}");
    }

    @Test
    void theStreamOfEvents() {
        RecordingSink sink = new RecordingSink();
        MessagesAnswer.Stream s = new MessagesAnswer.Stream(sink, "msg_1", "m", 7);
        for (ChatResponse c : List.of(thinking("a"), thinking("b"), content("Hi"), content("!"), calls(call("tu_1", "f", Map.of("x", 1))), done("stop", 6))) s.accept(c);
        assertThat(sink.names()).containsExactly("message_start", "ping",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop");
        List<String> j = sink.jsons();
        assertThat(j.get(0)).isEqualTo("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
                + "\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":7,\"output_tokens\":0}}}");
        assertThat(j.get(1)).isEqualTo("{\"type\":\"ping\"}");
        assertThat(j.get(2)).isEqualTo("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}");
        assertThat(j.get(3)).isEqualTo("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"a\"}}");
        assertThat(j.get(5)).isEqualTo("{\"type\":\"content_block_stop\",\"index\":0}");
        assertThat(j.get(6)).isEqualTo("{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        assertThat(j.get(7)).isEqualTo("{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}");
        assertThat(j.get(10)).isEqualTo("{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"tu_1\",\"name\":\"f\",\"input\":{}}}");
        assertThat(j.get(11)).isEqualTo("{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"x\\\":1}\"}}");
        assertThat(j.get(13)).isEqualTo("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"input_tokens\":10,\"output_tokens\":6}}");
        assertThat(j.get(14)).isEqualTo("{\"type\":\"message_stop\"}");
    }

    @Test
    void errorsInAnthropicsShape() {
        JsonNode e = Json.mapper().valueToTree(AnthropicError.of(404, "model 'x' not found"));
        assertThat(e.path("type").textValue()).isEqualTo("error");
        assertThat(e.path("error").path("type").textValue()).isEqualTo("not_found_error");
        assertThat(e.path("error").path("message").textValue()).isEqualTo("model 'x' not found");
        assertThat(e.path("request_id").textValue()).startsWith("req_");
        assertThat(List.of(400, 401, 403, 429, 500, 503, 529)).extracting(AnthropicError::type).containsExactly("invalid_request_error",
                "authentication_error", "permission_error", "rate_limit_error", "api_error", "overloaded_error", "overloaded_error");
        RecordingSink sink = new RecordingSink();
        AnthropicError.SHAPE.streamed(sink, 500, "boom");
        assertThat(sink.events).singleElement().satisfies(ev -> {
            assertThat(ev.name()).isEqualTo("error");
            assertThat(ev.json()).isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}");
        });
    }
}
