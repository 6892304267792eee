package dev.jollama.server.parse;

import dev.jollama.server.parse.Streams.Call;
import dev.jollama.server.parse.Streams.Total;
import dev.jollama.server.template.OllamaTemplate;
import dev.jollama.server.template.ThinkValue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model outputs written by hand in the formats the models' own templates teach them (Llama 3.x, Qwen 2.5,
 * Qwen 3, Mistral, Hermes, gpt-oss), parsed with the parser Ollama would pick, whole and in every split.
 */
class RecordedOutputsTest {

    private static final List<String> TOOLS = List.of("get_current_weather", "get_current_time", "search_web", "get");

    private static OllamaTemplate template(String name) throws IOException {
        try (InputStream in = RecordedOutputsTest.class.getResourceAsStream("/gotmpl/registry/" + name + ".gotmpl")) {
            return OllamaTemplate.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static Total parse(OllamaTemplate t, String prompt, ThinkValue think, List<String> tools, String output) {
        return Streams.parse(() -> OutputParsers.forTemplate(t, prompt, think, tools), output);
    }

    @Test
    void llama31AnswersWithABareJsonObject() throws IOException {
        OllamaTemplate t = template("llama3.1-tools");
        Total call = parse(t, "", null, TOOLS,
                "{\"name\": \"get_current_weather\", \"parameters\": {\"location\": \"Paris, France\", \"format\": \"celsius\"}}");
        assertThat(call.content()).isEmpty();
        assertThat(call.calls()).containsExactly(new Call(0, "get_current_weather", Map.of("location", "Paris, France", "format", "celsius")));
        assertThat(new ArrayList<>(call.calls().getFirst().arguments().keySet())).containsExactly("location", "format");

        Total text = parse(t, "", null, TOOLS, "The weather in Paris is sunny, about {22} degrees.");
        assertThat(text).isEqualTo(new Total("The weather in Paris is sunny, about {22} degrees.", "", List.of()));

        Total two = parse(t, "", null, TOOLS, "\n\n{\"name\": \"get_current_time\", \"parameters\": {\"timezone\": \"Europe/Paris\"}}; "
                + "{\"name\": \"search_web\", \"parameters\": {\"query\": \"Paris \\\"events\\\" {today}\", \"max_results\": 3}}");
        assertThat(two.content()).isEqualTo("\n\n");
        assertThat(two.calls()).containsExactly(new Call(0, "get_current_time", Map.of("timezone", "Europe/Paris")),
                new Call(1, "search_web", Map.of("query", "Paris \"events\" {today}", "max_results", 3)));
    }

    @Test
    void qwen25HermesToolCallTags() throws IOException {
        OllamaTemplate t = template("qwen2.5-tools");
        Total out = parse(t, "", null, TOOLS, "Let me look that up.\n<tool_call>\n{\"name\": \"get_current_weather\", "
                + "\"arguments\": {\"location\": \"Paris, France\", \"format\": \"celsius\"}}\n</tool_call>\n<tool_call>\n"
                + "{\"name\": \"get\", \"arguments\": {\"url\": \"https://example.com/?q={x}\"}}\n</tool_call>");
        assertThat(out.content()).isEqualTo("Let me look that up.\n");
        assertThat(out.calls()).containsExactly(
                new Call(0, "get_current_weather", Map.of("location", "Paris, France", "format", "celsius")),
                new Call(1, "get", Map.of("url", "https://example.com/?q={x}")));

        Total plain = parse(t, "", null, TOOLS, "Paris is the capital of France. Use <b>bold</b> {braces} freely.");
        assertThat(plain.content()).isEqualTo("Paris is the capital of France. Use <b>bold</b> {braces} freely.");
        assertThat(plain.calls()).isEmpty();
    }

    @Test
    void hermesArgumentsBeforeNameAndArgumentsAsString() throws IOException {
        OllamaTemplate t = template("qwen2.5-tools");
        Total out = parse(t, "", null, TOOLS, "<tool_call>\n{\"arguments\": {\"query\": \"jollama\"}, \"name\": \"search_web\"}\n</tool_call>"
                + "<tool_call>{\"name\": \"get_current_time\", \"arguments\": \"{\\\"timezone\\\": \\\"UTC\\\"}\"}</tool_call>");
        assertThat(out.calls()).containsExactly(new Call(0, "search_web", Map.of("query", "jollama")),
                new Call(1, "get_current_time", Map.of("timezone", "UTC")));
    }

    @Test
    void qwen3ThinksThenCallsATool() throws IOException {
        OllamaTemplate t = template("qwen3-thinking");
        String output = "<think>\nThe user wants the weather in Paris. I should call get_current_weather with celsius.\n</think>\n\n"
                + "<tool_call>\n{\"name\": \"get_current_weather\", \"arguments\": {\"location\": \"Paris, France\", \"format\": \"celsius\"}}\n</tool_call>";
        Total out = parse(t, "<|im_start|>assistant\n", ThinkValue.of(true), TOOLS, output);
        assertThat(out.thinking()).isEqualTo("The user wants the weather in Paris. I should call get_current_weather with celsius.\n");
        assertThat(out.content()).isEmpty();
        assertThat(out.calls()).containsExactly(new Call(0, "get_current_weather", Map.of("location", "Paris, France", "format", "celsius")));

        Total answer = parse(t, "", ThinkValue.of("high"), List.of(), "<think>\n2+2 is 4, then 3+3 is 6.\n</think>\n\n3+3 = **6**.");
        assertThat(answer).isEqualTo(new Total("3+3 = **6**.", "2+2 is 4, then 3+3 is 6.\n", List.of()));

        // think off: the template prefilled an empty think block, the tags stay content-free
        Total off = parse(t, "", ThinkValue.of(false), List.of(), "3+3 = 6.");
        assertThat(off).isEqualTo(new Total("3+3 = 6.", "", List.of()));
        // think on but the model skips thinking
        Total skipped = parse(t, "", ThinkValue.of(true), List.of(), "  Straight answer.");
        assertThat(skipped).isEqualTo(new Total("  Straight answer.", "", List.of()));
    }

    @Test
    void promptEndingWithTheOpeningTagStartsInsideThinking() throws IOException {
        OllamaTemplate t = template("qwen3-thinking");
        Total out = parse(t, "<|im_start|>assistant\n<think>\n", ThinkValue.of(true), List.of(),
                "Okay, so the user asks about R1-style prompts.\nLet me think.</think>\n\nThey start inside the think block.");
        assertThat(out).isEqualTo(new Total("They start inside the think block.",
                "Okay, so the user asks about R1-style prompts.\nLet me think.", List.of()));
    }

    @Test
    void mistralToolCallsArray() throws IOException {
        OllamaTemplate t = template("mistral-tools");
        Total out = parse(t, "", null, TOOLS, "[TOOL_CALLS][{\"name\": \"get_current_weather\", \"arguments\": {\"location\": \"Paris, France\", "
                + "\"format\": \"celsius\"}}, {\"name\": \"search_web\", \"arguments\": {\"query\": \"Paris events\", \"filters\": {\"site\": \"fr\"}}}]");
        assertThat(out.content()).isEmpty();
        assertThat(out.calls()).containsExactly(
                new Call(0, "get_current_weather", Map.of("location", "Paris, France", "format", "celsius")),
                new Call(1, "search_web", Map.of("query", "Paris events", "filters", Map.of("site", "fr"))));

        Total text = parse(t, "", null, TOOLS, "Bonjour! [1] Paris is lovely.");
        assertThat(text.content()).isEqualTo("Bonjour! [1] Paris is lovely.");
    }

    @Test
    void longestToolNameWinsAndPartialNamesWait() {
        List<String> tools = List.of("get", "get_current_weather");
        Total out = Streams.parse(() -> new ToolCallParser("<tool_call>", tools),
                "<tool_call>{\"name\": \"get_current_weather\", \"arguments\": {\"location\": \"Oslo\"}}</tool_call>");
        assertThat(out.calls()).containsExactly(new Call(0, "get_current_weather", Map.of("location", "Oslo")));
    }

    @Test
    void unknownToolNamesAndBrokenJsonAreDroppedAsOllamaDoes() {
        Total out = Streams.parse(() -> new ToolCallParser("<tool_call>", TOOLS),
                "Sure.<tool_call>{\"name\": \"book_flight\", \"arguments\": {\"to\": \"Rome\"}}</tool_call>");
        assertThat(out).isEqualTo(new Total("Sure.", "", List.of()));
        Total nested = Streams.parse(() -> new ToolCallParser("{", TOOLS),
                "{\"tool_calls\": [{\"function\": {\"get_current_time\": {\"timezone\": \"UTC\"}}}]}");
        assertThat(nested.calls()).containsExactly(new Call(0, "get_current_time", Map.of("timezone", "UTC")));
    }

    @Test
    void gptOssHarmonyThinkingAndToolCall() {
        List<String> tools = List.of("get_current_weather", "get-weather.v2");
        String output = "<|channel|>analysis<|message|>User asks for Paris weather. Need to call the function.<|end|>"
                + "<|start|>assistant<|channel|>commentary to=functions.get_weather_v2 <|constrain|>json<|message|>"
                + "{\"location\":\"Paris, France\",\"format\":\"celsius\"}<|call|>";
        Total out = Streams.parse(() -> OutputParsers.forHarmony(tools), output);
        assertThat(out.thinking()).isEqualTo("User asks for Paris weather. Need to call the function.");
        assertThat(out.content()).isEmpty();
        assertThat(out.calls()).containsExactly(new Call(0, "get-weather.v2", Map.of("location", "Paris, France", "format", "celsius")));
        assertThat(new HarmonyFunctionNames(tools).harmony("get-weather.v2")).isEqualTo("get_weather_v2");
    }

    @Test
    void gptOssHarmonyFinalAnswer() {
        String output = "<|channel|>analysis<|message|>The tool said 22C and clear.<|end|>"
                + "<|start|>assistant<|channel|>final<|message|>It's **22°C** and clear in Paris right now. 😀<|return|>";
        Total out = Streams.parse(() -> OutputParsers.forHarmony(List.of()), output);
        assertThat(out).isEqualTo(new Total("It's **22°C** and clear in Paris right now. 😀", "The tool said 22C and clear.", List.of()));
        // without the trailing <|return|> (the engine stopped on it), the final message is flushed at the end
        Total stopped = Streams.parse(() -> OutputParsers.forHarmony(List.of()),
                "<|channel|>final<|message|>Short answer.");
        assertThat(stopped.content()).isEqualTo("Short answer.");
        Total prefilled = Streams.parse(() -> HarmonyParser.afterPrefill(new HarmonyFunctionNames(List.of()), "Once upon", ""),
                " a time.<|end|>");
        assertThat(prefilled.content()).isEqualTo(" a time.");
    }

    @Test
    void jinjaModelsUseTheTagsTheirTemplateWrites() {
        String qwen3Jinja = "{%- if tools %}<tools></tools>{%- endif %}<tool_call>\n<think>\n\n</think>";
        Total out = Streams.parse(() -> OutputParsers.forJinja(qwen3Jinja, "", ThinkValue.of(true), List.of("get_current_time")),
                "<think>time?</think><tool_call>{\"name\": \"get_current_time\", \"arguments\": {}}</tool_call>");
        assertThat(out).isEqualTo(new Total("", "time?", List.of(new Call(0, "get_current_time", Map.of()))));
    }
}
