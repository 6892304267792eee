package dev.jollama.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireFormatTest {
    private final ObjectMapper json = Json.mapper();

    private <T> T read(String s, Class<T> type) throws Exception {
        return json.readValue(s, type);
    }

    @Test
    void generateChunkHasOllamasFieldsAndOrder() {
        OffsetDateTime t = OffsetDateTime.of(2024, 5, 9, 17, 21, 45, 499_127_000, ZoneOffset.UTC);
        var chunk = new GenerateResponse("llama3.2", null, null, t, "Hi", null, false, null, null, Metrics.NONE, null, null, null);
        assertThat(Json.write(chunk)).isEqualTo("{\"model\":\"llama3.2\",\"created_at\":\"2024-05-09T17:21:45.499127Z\",\"response\":\"Hi\",\"done\":false}");
        var last = new GenerateResponse("m", null, null, t, "", null, true, "stop", new int[]{1, 2}, new Metrics(10, 2, 3, 4, 5, 6), null, null, null);
        assertThat(Json.write(last)).isEqualTo("{\"model\":\"m\",\"created_at\":\"2024-05-09T17:21:45.499127Z\",\"response\":\"\",\"done\":true,"
                + "\"done_reason\":\"stop\",\"context\":[1,2],\"total_duration\":10,\"load_duration\":2,\"prompt_eval_count\":3,"
                + "\"prompt_eval_duration\":4,\"eval_count\":5,\"eval_duration\":6}");
    }

    @Test
    void chatChunkKeepsContentAndOmitsEmptyExtras() {
        OffsetDateTime t = OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        var chunk = new ChatResponse("m", null, null, t, new Message("assistant", "", null, null, null, null, null), true, "load", null, null, Metrics.NONE);
        assertThat(Json.write(chunk)).isEqualTo("{\"model\":\"m\",\"created_at\":\"2024-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"load\"}");
    }

    @Test
    void toolCallArgumentsAreAnOrderedObject() throws Exception {
        Message m = read("{\"role\":\"ASSISTANT\",\"content\":null,\"tool_calls\":[{\"function\":{\"name\":\"f\",\"arguments\":{\"b\":1,\"a\":\"x\"}}}]}", Message.class);
        assertThat(m.role()).isEqualTo("assistant");
        assertThat(m.content()).isEmpty();
        assertThat(Json.write(m.toolCalls().get(0))).isEqualTo("{\"function\":{\"index\":0,\"name\":\"f\",\"arguments\":{\"b\":1,\"a\":\"x\"}}}");
        assertThat(Json.write(new ToolCall.Function(0, "g", null))).isEqualTo("{\"index\":0,\"name\":\"g\",\"arguments\":{}}");
    }

    @Test
    void toolPropertyTypeIsStringOrList() throws Exception {
        Tool tool = read("{\"type\":\"function\",\"function\":{\"name\":\"w\",\"parameters\":{\"type\":\"object\",\"required\":[\"c\"],"
                + "\"properties\":{\"c\":{\"type\":\"string\",\"description\":\"city\"},\"u\":{\"type\":[\"string\",\"null\"],\"enum\":[\"c\",\"f\"]}}}}}", Tool.class);
        Tool.Property c = tool.function().parameters().properties().get("c");
        assertThat(c.type()).containsExactly("string");
        assertThat(tool.function().parameters().properties().keySet()).containsExactly("c", "u");
        assertThat(Json.write(tool)).isEqualTo("{\"type\":\"function\",\"function\":{\"name\":\"w\",\"parameters\":{\"type\":\"object\",\"required\":[\"c\"],"
                + "\"properties\":{\"c\":{\"type\":\"string\",\"description\":\"city\"},\"u\":{\"type\":[\"string\",\"null\"],\"enum\":[\"c\",\"f\"]}}}}}");
    }

    @Test
    void requestsAcceptLegacyNameUnknownKeysAndNulls() throws Exception {
        ShowRequest s = read("{\"name\":\"llama3\",\"verbose\":null,\"whatever\":[1,2],\"options\":null}", ShowRequest.class);
        assertThat(s.modelName()).isEqualTo("llama3");
        assertThat(s.verbose()).isFalse();
        assertThat(read("{\"model\":\"a\",\"name\":\"b\"}", DeleteRequest.class).modelName()).isEqualTo("a");
        CreateRequest c = read("{\"name\":\"x\",\"quantization\":\"q4_K_M\",\"license\":[\"MIT\",\"BSD\"],\"stream\":null}", CreateRequest.class);
        assertThat(c.modelName()).isEqualTo("x");
        assertThat(c.quantizeType()).isEqualTo("q4_K_M");
        assertThat(c.licenses()).containsExactly("MIT", "BSD");
        assertThat(c.streaming()).isTrue();
        assertThat(read("{\"license\":\"Apache\"}", CreateRequest.class).licenses()).containsExactly("Apache");
    }

    @Test
    void wrongTypesAreErrorsAsInGo() {
        assertThatThrownBy(() -> read("{\"model\":5}", ShowRequest.class)).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> read("{\"model\":\"m\",\"stream\":\"false\"}", GenerateRequest.class)).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> read("{\"model\":\"m\",\"top_logprobs\":1.5}", GenerateRequest.class)).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> read("{\"model\":\"m\",\"messages\":{}}", ChatRequest.class)).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> read("{\"model\":\"m\",\"verbose\":1}", ShowRequest.class)).isInstanceOf(Exception.class);
    }

    @Test
    void thinkIsBoolOrLevel() throws Exception {
        assertThat(read("{\"think\":true}", ChatRequest.class).think().enabled()).isTrue();
        ThinkValue high = read("{\"think\":\"high\"}", ChatRequest.class).think();
        assertThat(high.levelOrDefault()).isEqualTo("high");
        assertThat(read("{\"think\":null}", ChatRequest.class).think()).isNull();
        assertThat(read("{}", ChatRequest.class).think()).isNull();
        assertThatThrownBy(() -> read("{\"think\":\"extreme\"}", ChatRequest.class)).hasMessageContaining("invalid think value: \"extreme\"");
        assertThatThrownBy(() -> read("{\"think\":3}", ChatRequest.class)).hasMessageContaining("think must be a boolean or string");
        assertThat(Json.write(ChatRequest.of("m", List.of()).withThink(ThinkValue.level("low")))).contains("\"think\":\"low\"");
    }

    @Test
    void formatIsRawJson() throws Exception {
        assertThat(read("{\"format\":\"json\"}", GenerateRequest.class).format().textValue()).isEqualTo("json");
        assertThat(read("{\"format\":{\"type\":\"object\"}}", GenerateRequest.class).format().get("type").textValue()).isEqualTo("object");
    }

    @Test
    void keepAliveIsSecondsOrDuration() throws Exception {
        assertThat(read("{\"keep_alive\":30}", GenerateRequest.class).keepAlive().nanos()).isEqualTo(30_000_000_000L);
        assertThat(read("{\"keep_alive\":1.5}", GenerateRequest.class).keepAlive().nanos()).isEqualTo(1_500_000_000L);
        assertThat(read("{\"keep_alive\":-1}", GenerateRequest.class).keepAlive().isForever()).isTrue();
        assertThat(read("{\"keep_alive\":\"-1m\"}", GenerateRequest.class).keepAlive().isForever()).isTrue();
        assertThat(read("{\"keep_alive\":\"1h30m\"}", GenerateRequest.class).keepAlive().nanos()).isEqualTo(5_400_000_000_000L);
        assertThat(read("{\"keep_alive\":\"0\"}", GenerateRequest.class).keepAlive().nanos()).isZero();
        assertThatThrownBy(() -> read("{\"keep_alive\":\"3600\"}", GenerateRequest.class)).hasMessageContaining("time: missing unit in duration \"3600\"");
        assertThatThrownBy(() -> read("{\"keep_alive\":true}", GenerateRequest.class)).hasMessageContaining("Unsupported type: 'bool'");
        assertThat(Json.write(KeepAlive.parse("5m"))).isEqualTo("\"5m0s\"");
        assertThat(Json.write(new KeepAlive(java.time.Duration.ofSeconds(-1)))).isEqualTo("-1");
    }

    @Test
    void modelManagementShapes() {
        var details = new ModelDetails("", "gguf", "llama", List.of("llama"), "7.6B", "Q4_K_M", 0, 0);
        OffsetDateTime t = OffsetDateTime.of(2024, 5, 9, 10, 21, 45, 120_000_000, ZoneOffset.ofHours(-7));
        var tags = new ListResponse(List.of(new ListModelResponse("a:latest", "a:latest", null, null, t, 42, "abc", details, null)));
        assertThat(Json.write(tags)).isEqualTo("{\"models\":[{\"name\":\"a:latest\",\"model\":\"a:latest\",\"modified_at\":\"2024-05-09T10:21:45.12-07:00\","
                + "\"size\":42,\"digest\":\"abc\",\"details\":{\"parent_model\":\"\",\"format\":\"gguf\",\"family\":\"llama\",\"families\":[\"llama\"],"
                + "\"parameter_size\":\"7.6B\",\"quantization_level\":\"Q4_K_M\"}}]}");
        assertThat(Json.write(ProgressResponse.of("success"))).isEqualTo("{\"status\":\"success\"}");
        assertThat(Json.write(new ProgressResponse("pulling 6a0746a1ec1a", "sha256:6a", 10, 0))).isEqualTo("{\"status\":\"pulling 6a0746a1ec1a\",\"digest\":\"sha256:6a\",\"total\":10}");
        var show = new ShowResponse(null, "# Modelfile", null, null, null, null, null, details, null, null, null, Map.of(), null, null, List.of("completion"), GoTime.ZERO, null);
        assertThat(Json.write(show)).startsWith("{\"modelfile\":\"# Modelfile\",\"details\":{").contains("\"model_info\":{},\"capabilities\":[\"completion\"],\"modified_at\":\"0001-01-01T00:00:00Z\"}");
        assertThat(Json.write(new ErrorResponse("model 'x' not found"))).isEqualTo("{\"error\":\"model 'x' not found\"}");
    }

    @Test
    void goDurations() {
        assertThat(GoDuration.format(300_000_000_000L)).isEqualTo("5m0s");
        assertThat(GoDuration.format(3_600_000_000_000L)).isEqualTo("1h0m0s");
        assertThat(GoDuration.format(1_500_000_000L)).isEqualTo("1.5s");
        assertThat(GoDuration.format(1_500_000L)).isEqualTo("1.5ms");
        assertThat(GoDuration.format(0)).isEqualTo("0s");
        assertThat(GoDuration.format(-90_000_000_000L)).isEqualTo("-1m30s");
        assertThat(GoDuration.format(Long.MAX_VALUE)).isEqualTo("2562047h47m16.854775807s");
        assertThat(GoDuration.parse("1.5h")).isEqualTo(5_400_000_000_000L);
        assertThat(GoDuration.parse("300ms")).isEqualTo(300_000_000L);
        assertThat(GoDuration.parse("2h45m")).isEqualTo(9_900_000_000_000L);
        assertThatThrownBy(() -> GoDuration.parse("")).hasMessage("time: invalid duration \"\"");
        assertThatThrownBy(() -> GoDuration.parse("5x")).hasMessage("time: unknown unit \"x\" in duration \"5x\"");
    }

    @Test
    void optionsAreTypedAsOllamaTypesThem() {
        assertThat(Options.formatParams(Map.of("temperature", List.of("0.7")))).containsEntry("temperature", 0.7f);
        assertThat(Options.formatParams(Map.of("num_ctx", List.of("4096")))).containsEntry("num_ctx", 4096L);
        assertThat(Options.formatParams(Map.of("stop", List.of("<|a|>", "<|b|>")))).containsEntry("stop", List.of("<|a|>", "<|b|>"));
        assertThatThrownBy(() -> Options.formatParams(Map.of("nope", List.of("1")))).hasMessage("unknown parameter 'nope'");
        assertThatThrownBy(() -> Options.formatParams(Map.of("num_ctx", List.of("big")))).hasMessage("invalid int value [big]");
        assertThatThrownBy(() -> Options.check("temperature", "hot")).hasMessage("option \"temperature\" must be of type float32");
        assertThatThrownBy(() -> Options.check("stop", List.of(1))).hasMessage("option \"stop\" must be of an array of strings");
    }
}
