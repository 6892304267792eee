package dev.jollama.server.template.jinja;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.server.parse.ParsedOutput;
import dev.jollama.server.template.ChatMessage;
import dev.jollama.server.template.ChatTemplate;
import dev.jollama.server.template.TemplateCapabilities;
import dev.jollama.server.template.TemplateValues;
import dev.jollama.server.template.ThinkValue;
import dev.jollama.server.template.ToolCall;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Ollama-facing API: a chat of ChatMessages renders as the reference renders the same OpenAI-style chat. */
class JinjaChatTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<ChatMessage> toolTurns() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("location", "Paris, France");
        args.put("format", "celsius");
        return List.of(ChatMessage.of("system", "You are a weather bot."), ChatMessage.of("user", "What's the weather in Paris?"),
                new ChatMessage("assistant", "", "", null, List.of(new ToolCall("abcDEF123", 0, "get_current_weather", args)), "", ""),
                new ChatMessage("tool", "{\"temperature\": 22, \"sky\": \"clear\"}", "", null, null, "get_current_weather", "abcDEF123"),
                ChatMessage.of("assistant", "It is 22°C and clear in Paris."), ChatMessage.of("user", "Thanks! And in Rome?"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tools() throws IOException {
        return JSON.convertValue(JSON.readTree(JinjaTemplatesTest.resource("scenarios.json")).get("tools"), List.class);
    }

    private static String golden(String template, String scenario) throws IOException {
        JsonNode g = JSON.readTree(JinjaTemplatesTest.resource("goldens/" + template + ".json")).get(scenario);
        return g.get("text").asText();
    }

    private static JinjaChatTemplate template(String name) throws IOException {
        return new JinjaChatTemplate(JinjaTemplatesTest.resource("templates/" + name + ".jinja"), JinjaTemplatesTest.CLOCK)
                .withTokens("<s>", "</s>");
    }

    @Test
    void chatMessagesRenderLikeTheOpenAiShapedReference() throws IOException {
        for (String name : List.of("Qwen-Qwen3-0.6B", "meta-llama-Llama-3.1-8B-Instruct", "mistralai-Mistral-Nemo-Instruct-2407",
                "NousResearch-Hermes-3-Llama-3.1-8B-tool_use", "fireworks-ai-llama-3-firefunction-v2")) {
            ChatTemplate t = template(name);
            String got = t.render(TemplateValues.of(toolTurns()).withTools(tools()));
            assertThat(got).as(name).isEqualTo(golden(name, "tool-turns-short-ids"));
        }
    }

    @Test
    void thinkSettingsBecomeEnableThinkingAndReasoningEffort() throws IOException {
        List<ChatMessage> chat = List.of(ChatMessage.of("user", "What is 2+2?"),
                new ChatMessage("assistant", "2+2 = 4.", "Simple arithmetic: two plus two is four.", null, null, "", ""),
                ChatMessage.of("user", "And 3+3?"));
        for (String name : List.of("Qwen-Qwen3-0.6B", "openai-gpt-oss-120b", "HuggingFaceTB-SmolLM3-3B")) {
            assertThat(template(name).render(TemplateValues.of(chat).withThink(ThinkValue.of("high"))))
                    .as(name).isEqualTo(golden(name, "thinking-on"));
        }
        String qwenOff = template("Qwen-Qwen3-0.6B").render(TemplateValues.of(chat).withThink(ThinkValue.of(false)));
        assertThat(qwenOff).endsWith("<|im_start|>assistant\n<think>\n\n</think>\n\n");
    }

    @Test
    void capabilitiesAndParsersFollowTheTemplate() throws IOException {
        JinjaChatTemplate qwen3 = template("Qwen-Qwen3-0.6B");
        assertThat(qwen3.capabilities()).isEqualTo(new TemplateCapabilities(true, false, true));
        assertThat(template("google-gemma-2-2b-it").capabilities()).isEqualTo(TemplateCapabilities.NONE);
        var parser = qwen3.outputParser("<|im_start|>assistant\n", ThinkValue.of(true), List.of("get_current_weather"));
        ParsedOutput out = parser.add("<think>hmm</think>\n\n<tool_call>\n{\"name\": \"get_current_weather\", \"arguments\": {\"location\": \"Rome\"}}\n</tool_call>");
        out = out.plus(parser.finish());
        assertThat(out.thinking()).isEqualTo("hmm");
        assertThat(out.toolCalls()).singleElement().satisfies(c -> assertThat(c.arguments()).containsEntry("location", "Rome"));
    }

    @Test
    void errorsAreJinjaExceptionsWithTheTemplatesMessage() throws IOException {
        JinjaChatTemplate gemma = template("google-gemma-2-2b-it");
        assertThatThrownBy(() -> gemma.render(TemplateValues.of(List.of(ChatMessage.of("system", "x"), ChatMessage.of("user", "y")))))
                .isInstanceOf(JinjaException.class).hasMessage("System role not supported");
        assertThatThrownBy(() -> new JinjaChatTemplate("{% if x %}unclosed")).isInstanceOf(JinjaException.class);
        assertThatThrownBy(() -> new JinjaChatTemplate("{{ 'a' + }}").render(Map.of())).isInstanceOf(JinjaException.class);
    }
}
