package dev.jollama.server.compat.openai.responses;

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

/** /v1/responses: request fields and input items to a native chat request, native chunks to events and objects. */
class ResponsesTest {

    private static ResponsesRequest parse(String json) {
        return JsonBody.parse(json.getBytes(StandardCharsets.UTF_8), ResponsesRequest.class);
    }

    private static ChatRequest req(String fields) {
        return ResponsesTranslation.toNative(parse("{\"model\":\"m\"" + (fields.isEmpty() ? "" : "," + fields) + "}")).request();
    }

    private static String error(String fields) {
        try {
            req(fields);
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(400);
            return e.getMessage();
        }
        throw new AssertionError("no error");
    }

    @Test
    void stringInputInstructionsAndSettings() {
        ChatRequest r = req("\"input\":\"Hi\",\"instructions\":\"Be brief\",\"max_output_tokens\":20,\"temperature\":0.3,\"top_p\":0.8,"
                + "\"reasoning\":{\"effort\":\"minimal\"},\"num_ctx\":1024");
        assertThat(r.messages()).containsExactly(Message.of("system", "Be brief"), Message.of("user", "Hi"));
        assertThat(r.options()).containsEntry("num_predict", 20).containsEntry("temperature", 0.3).containsEntry("top_p", 0.8).containsEntry("num_ctx", 1024);
        assertThat(r.think().value()).isEqualTo("low");
        assertThat(req("\"input\":\"Hi\"").options()).containsExactly(Map.entry("temperature", 1.0));
    }

    @Test
    void inputItemsBecomeAConversation() {
        List<Message> ms = req("\"input\":["
                + "{\"role\":\"developer\",\"content\":\"rules\"},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"What \"},{\"type\":\"input_text\",\"text\":\"weather?\"},"
                + "{\"type\":\"input_image\",\"image_url\":\"data:image/png;base64,AQID\",\"detail\":\"auto\"}]},"
                + "{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"sum\"}],\"encrypted_content\":\"I think\"},"
                + "{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Rome\\\"}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"c1\",\"output\":\"sunny\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"It is sunny.\"}]},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"c9\",\"output\":[{\"type\":\"input_text\",\"text\":\"part\"}]}]").messages();
        assertThat(ms).extracting(Message::role).containsExactly("system", "user", "assistant", "tool", "assistant", "tool");
        assertThat(ms.get(1).content()).isEqualTo("What weather?");
        assertThat(ms.get(1).images()).singleElement().satisfies(i -> assertThat(i).containsExactly(1, 2, 3));
        assertThat(ms.get(2).thinking()).isEqualTo("I think");
        assertThat(ms.get(2).toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("c1");
            assertThat(c.function().name()).isEqualTo("weather");
            assertThat(c.function().arguments()).isEqualTo(Map.of("city", "Rome"));
        });
        assertThat(ms.get(3).content()).isEqualTo("sunny");
        assertThat(ms.get(3).toolCallId()).isEqualTo("c1");
        assertThat(ms.get(3).toolName()).isEqualTo("weather");
        assertThat(ms.get(4).content()).isEqualTo("It is sunny.");
        assertThat(ms.get(5).content()).isEqualTo("part");
        assertThat(ms.get(5).toolName()).isNull();
    }

    @Test
    void anAssistantMessageReplayedBetweenACallAndItsOutputJoinsTheCall() {
        List<Message> ms = req("\"input\":[{\"role\":\"user\",\"content\":\"go\"},"
                + "{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"f\",\"arguments\":\"{}\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"calling f\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"c1\",\"output\":\"ok\"},"
                + "{\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"trailing\"}]}]").messages();
        assertThat(ms).extracting(Message::role).containsExactly("user", "assistant", "tool", "assistant");
        assertThat(ms.get(1).content()).isEqualTo("calling f");
        assertThat(ms.get(1).toolCalls()).hasSize(1);
        assertThat(ms.get(3).thinking()).isEqualTo("trailing");
    }

    @Test
    void badItemsAndStatefulFeaturesAreClear400s() {
        assertThat(error("\"input\":[{\"content\":\"x\"}]")).isEqualTo("input[0]: input item missing required 'type' field");
        assertThat(error("\"input\":[{\"type\":\"item_reference\",\"id\":\"x\"}]")).isEqualTo("input[0]: unknown input item type: \"item_reference\"");
        assertThat(error("\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_file\",\"file_id\":\"f\"}]}]")).isEqualTo("file inputs are not currently supported");
        assertThat(error("\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\",\"image_url\":\"https://x/i.png\"}]}]"))
                .isEqualTo("image URLs are not currently supported, please use base64 encoded data instead");
        assertThat(error("\"input\":\"x\",\"previous_response_id\":\"resp_1\"")).startsWith("previous_response_id is not supported");
        assertThat(error("\"input\":\"x\",\"conversation\":\"conv_1\"")).startsWith("conversation is not supported");
        assertThat(error("\"input\":\"x\",\"background\":true")).startsWith("background responses are not supported");
        assertThat(error("\"input\":\"x\",\"tools\":[{\"type\":\"web_search\"}]")).startsWith("unsupported tool type \"web_search\"");
        assertThat(error("\"input\":\"x\",\"text\":{\"format\":{\"type\":\"yaml\"}}")).startsWith("invalid text.format type");
    }

    @Test
    void toolsNamespacesToolChoiceAndTextFormat() {
        ChatRequest r = req("\"input\":\"x\",\"tools\":[{\"type\":\"function\",\"name\":\"f\",\"description\":\"F\",\"parameters\":{\"type\":\"object\",\"properties\":{}}},"
                + "{\"type\":\"namespace\",\"name\":\"fs\",\"tools\":[{\"type\":\"function\",\"name\":\"read\"},{\"type\":\"function\",\"name\":\"fs.write\"}]}],"
                + "\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"o\",\"schema\":{\"type\":\"object\"}}}");
        assertThat(r.tools()).extracting(t -> t.function().name()).containsExactly("f", "fs.read", "fs.write");
        assertThat(Json.write(r.format())).isEqualTo("{\"type\":\"object\"}");
        assertThat(Json.write(req("\"input\":\"x\",\"text\":{\"format\":{\"type\":\"json_object\"}}").format())).isEqualTo("\"json\"");
        ResponsesTranslation.Call forced = ResponsesTranslation.toNative(parse("{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"type\":\"function\",\"name\":\"f\"}],"
                + "\"tool_choice\":{\"type\":\"function\",\"name\":\"f\"}}"));
        assertThat(forced.forced()).isNotNull();
        assertThat(forced.request().format().path("properties").path("name").path("const").textValue()).isEqualTo("f");
        assertThat(req("\"input\":\"x\",\"tools\":[{\"type\":\"function\",\"name\":\"f\"}],\"tool_choice\":\"none\"").tools()).isNull();
    }

    private static RecordingSink stream(ChatResponse... chunks) {
        RecordingSink sink = new RecordingSink();
        ResponsesStream s = new ResponsesStream(sink, new ResponseObject("resp_1", parse("{\"model\":\"m\",\"input\":\"x\",\"instructions\":\"I\"}")));
        for (ChatResponse c : chunks) s.accept(c);
        return sink;
    }

    @Test
    void eventsInOpenAisOrderWithSequenceNumbers() {
        RecordingSink sink = stream(thinking("Hm"), thinking("m."), content("Hi"), content("!"), calls(call("c1", "f", Map.of("a", 1))), done("stop", 5));
        assertThat(sink.names()).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.reasoning_summary_part.added", "response.reasoning_summary_text.delta",
                "response.reasoning_summary_text.delta", "response.reasoning_summary_text.done", "response.reasoning_summary_part.done",
                "response.output_item.done",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.done",
                "response.output_item.done", "response.completed");
        for (int i = 0; i < sink.events.size(); i++) {
            JsonNode e = sink.events.get(i).tree();
            assertThat(e.path("sequence_number").intValue()).isEqualTo(i);
            assertThat(e.path("type").textValue()).isEqualTo(sink.events.get(i).name());
        }
        JsonNode created = sink.events.get(0).tree().path("response");
        assertThat(created.path("status").textValue()).isEqualTo("in_progress");
        assertThat(created.path("instructions").textValue()).isEqualTo("I");
        assertThat(created.path("usage").isNull()).isTrue();
        JsonNode completed = sink.events.getLast().tree().path("response");
        assertThat(completed.path("status").textValue()).isEqualTo("completed");
        assertThat(completed.path("output")).hasSize(3);
        assertThat(completed.path("output").get(0).path("type").textValue()).isEqualTo("reasoning");
        assertThat(completed.path("output").get(0).path("summary").get(0).path("text").textValue()).isEqualTo("Hmm.");
        assertThat(completed.path("output").get(0).path("encrypted_content").textValue()).isEqualTo("Hmm.");
        assertThat(completed.path("output").get(1).path("content").get(0).path("text").textValue()).isEqualTo("Hi!");
        assertThat(completed.path("output").get(2).path("arguments").textValue()).isEqualTo("{\"a\":1}");
        assertThat(completed.path("output").get(2).path("call_id").textValue()).isEqualTo("c1");
        assertThat(completed.path("usage").path("input_tokens").intValue()).isEqualTo(10);
        assertThat(completed.path("usage").path("output_tokens").intValue()).isEqualTo(5);
        assertThat(completed.path("usage").path("total_tokens").intValue()).isEqualTo(15);
        JsonNode delta = sink.events.get(11).tree();
        assertThat(delta.path("delta").textValue()).isEqualTo("Hi");
        assertThat(delta.path("output_index").intValue()).isEqualTo(1);
        assertThat(delta.path("content_index").intValue()).isEqualTo(0);
        assertThat(delta.path("item_id").textValue()).isEqualTo(completed.path("output").get(1).path("id").textValue());
        assertThat(sink.events.get(16).tree().path("output_index").intValue()).isEqualTo(2);
    }

    @Test
    void anAnswerCutByMaxOutputTokensIsIncomplete() {
        RecordingSink sink = stream(content("Hi"), done("length", 1));
        assertThat(sink.names().getLast()).isEqualTo("response.incomplete");
        JsonNode r = sink.events.getLast().tree().path("response");
        assertThat(r.path("status").textValue()).isEqualTo("incomplete");
        assertThat(r.path("incomplete_details").path("reason").textValue()).isEqualTo("max_output_tokens");
    }

    @Test
    void theWholeResponseObject() {
        ChatAccumulator all = new ChatAccumulator();
        all.accept(thinking("t"));
        all.accept(content("answer"));
        all.accept(done("stop", 2));
        ResponsesStream s = new ResponsesStream(new RecordingSink(), new ResponseObject("resp_1",
                parse("{\"model\":\"m\",\"input\":\"x\",\"temperature\":0.5,\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"o\",\"schema\":{\"type\":\"object\"},\"strict\":true}},\"reasoning\":{\"effort\":\"high\"}}")));
        s.accept(all.result());
        JsonNode r = Json.mapper().valueToTree(s.response());
        assertThat(r.path("id").textValue()).isEqualTo("resp_1");
        assertThat(r.path("object").textValue()).isEqualTo("response");
        assertThat(r.path("model").textValue()).isEqualTo("m");
        assertThat(r.path("status").textValue()).isEqualTo("completed");
        assertThat(r.path("completed_at").isNumber()).isTrue();
        assertThat(r.path("output")).extracting(o -> o.path("type").textValue()).containsExactly("reasoning", "message");
        assertThat(r.path("output").get(1).path("role").textValue()).isEqualTo("assistant");
        assertThat(r.path("temperature").doubleValue()).isEqualTo(0.5);
        assertThat(r.path("top_p").doubleValue()).isEqualTo(1.0);
        assertThat(Json.write(r.path("text"))).isEqualTo("{\"format\":{\"type\":\"json_schema\",\"name\":\"o\",\"schema\":{\"type\":\"object\"},\"strict\":true}}");
        assertThat(Json.write(r.path("reasoning"))).isEqualTo("{\"effort\":\"high\",\"summary\":null}");
        assertThat(r.path("store").booleanValue()).isFalse();
        assertThat(r.path("tool_choice").textValue()).isEqualTo("auto");
    }

    @Test
    void aFailureAfterTheStartEndsWithResponseFailed() {
        RecordingSink sink = new RecordingSink();
        ResponsesStream s = new ResponsesStream(sink, new ResponseObject("resp_1", parse("{\"model\":\"m\",\"input\":\"x\"}")));
        s.accept(content("partial"));
        s.fail("the model runner stopped");
        assertThat(sink.names().getLast()).isEqualTo("response.failed");
        JsonNode r = sink.events.getLast().tree().path("response");
        assertThat(r.path("status").textValue()).isEqualTo("failed");
        assertThat(r.path("error").path("message").textValue()).isEqualTo("the model runner stopped");
    }
}
