package dev.jollama.server.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.ChatResponse;
import dev.jollama.api.Json;
import dev.jollama.api.ToolCall;
import dev.jollama.engine.grammar.GrammarMatcher;
import dev.jollama.engine.grammar.StructuredOutput;
import dev.jollama.engine.grammar.TokenGrammar;
import dev.jollama.engine.tokenizer.TokenType;
import dev.jollama.engine.tokenizer.Vocabulary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.jollama.server.compat.NativeChunks.call;
import static dev.jollama.server.compat.NativeChunks.calls;
import static dev.jollama.server.compat.NativeChunks.content;
import static dev.jollama.server.compat.NativeChunks.done;
import static dev.jollama.server.compat.NativeChunks.thinking;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForcedToolCallTest {

    /** The 256 bytes and an end token: the grammar checked byte by byte, as a model would be held to it. */
    private static final class Bytes implements Vocabulary {
        public int size() { return 257; }
        public String token(int id) { return id == 256 ? "</s>" : "<0x" + Integer.toHexString(id) + ">"; }
        public TokenType type(int id) { return id == 256 ? TokenType.CONTROL : TokenType.BYTE; }
        public byte[] bytes(int id) { return id == 256 ? new byte[0] : new byte[]{(byte) id}; }
        public int bos() { return -1; }
        public int eos() { return 256; }
        public boolean isEndOfGeneration(int id) { return id == 256; }
    }

    private static boolean accepts(JsonNode format, String text) {
        GrammarMatcher m = TokenGrammar.of(StructuredOutput.grammar(Json.write(format)).orElseThrow(), new Bytes()).newMatcher();
        return m.acceptText(text) && m.canEnd();
    }

    private static JsonNode schema(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final ForcedToolCall WEATHER_OR_TIME = new ForcedToolCall(List.of(
            new ForcedToolCall.Choice("weather", schema("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\",\"minimum\":1}},\"required\":[\"city\"],\"additionalProperties\":false}")),
            new ForcedToolCall.Choice("time", null)));

    @Test
    void theGrammarAllowsExactlyOneCallOfAnAllowedToolWithValidArguments() {
        JsonNode f = WEATHER_OR_TIME.format();
        assertThat(accepts(f, "{\"name\":\"weather\",\"arguments\":{\"city\":\"Paris\",\"days\":2}}")).isTrue();
        assertThat(accepts(f, "{\"name\":\"time\",\"arguments\":{}}")).isTrue();
        assertThat(accepts(f, "{\"name\":\"weather\",\"arguments\":{\"days\":2}}")).as("required city").isFalse();
        assertThat(accepts(f, "{\"name\":\"weather\",\"arguments\":{\"city\":\"Paris\",\"days\":0}}")).as("minimum").isFalse();
        assertThat(accepts(f, "{\"name\":\"rain\",\"arguments\":{}}")).as("unknown tool").isFalse();
        assertThat(accepts(f, "Sure! {\"name\":\"time\",\"arguments\":{}}")).as("prose").isFalse();
    }

    @Test
    void aSchemaTheGrammarCannotEnforceIsRelaxedToAnyObject() {
        ForcedToolCall f = new ForcedToolCall(List.of(new ForcedToolCall.Choice("odd",
                schema("{\"type\":\"object\",\"properties\":{\"n\":{\"not\":{\"type\":\"string\"}}}}"))));
        assertThat(Json.write(f.format())).isEqualTo("{\"type\":\"object\",\"properties\":{\"name\":{\"const\":\"odd\"},\"arguments\":{\"type\":\"object\"}},"
                + "\"required\":[\"name\",\"arguments\"]}");
        assertThat(accepts(f.format(), "{\"name\":\"odd\",\"arguments\":{\"n\":1}}")).isTrue();
    }

    @Test
    void noToolIsAnError() {
        assertThatThrownBy(() -> new ForcedToolCall(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<ChatResponse> wrapped(ChatResponse... chunks) {
        List<ChatResponse> out = new ArrayList<>();
        var c = WEATHER_OR_TIME.wrap(out::add);
        for (ChatResponse r : chunks) c.accept(r);
        return out;
    }

    @Test
    void theConstrainedTextBecomesOneToolCallBeforeTheFinalChunk() {
        List<ChatResponse> out = wrapped(thinking("I should check."), content("{\"name\":\"weather\","), content("\"arguments\":{\"city\":\"Oslo\"}}"),
                done("stop", 12));
        assertThat(out).hasSize(3);
        assertThat(out.get(0).message().thinking()).isEqualTo("I should check.");
        assertThat(out.get(0).message().content()).isEmpty();
        ToolCall c = out.get(1).message().toolCalls().getFirst();
        assertThat(c.id()).matches("call_[a-z0-9]{8}");
        assertThat(c.function().name()).isEqualTo("weather");
        assertThat(c.function().arguments()).isEqualTo(Map.of("city", "Oslo"));
        assertThat(out.get(1).done()).isFalse();
        assertThat(out.get(2).done()).isTrue();
        assertThat(out.get(2).message().content()).isEmpty();
        assertThat(out.get(2).doneReason()).isEqualTo("stop");
        assertThat(out.get(2).metrics().evalCount()).isEqualTo(12);
    }

    @Test
    void anAnswerCutShortStaysTextAndCallsTheNativeParserFoundPassThrough() {
        List<ChatResponse> cut = wrapped(content("{\"name\":\"wea"), done("length", 3));
        assertThat(cut).hasSize(1);
        assertThat(cut.getFirst().message().content()).isEqualTo("{\"name\":\"wea");
        assertThat(cut.getFirst().message().toolCalls()).isNull();
        List<ChatResponse> parsed = wrapped(calls(call("call_x", "time", Map.of())), done("stop", 3));
        assertThat(parsed).hasSize(2);
        assertThat(parsed.get(0).message().toolCalls()).extracting(t -> t.function().name()).containsExactly("time");
        assertThat(parsed.get(1).message().toolCalls()).isNull();
        assertThat(parsed.get(1).message().content()).isEmpty();
    }
}
