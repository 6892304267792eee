package dev.jollama.server.template.jinja;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One language feature at a time (resources/jinja/snippets.json), against the reference's output. */
class JinjaSnippetsTest {

    @TestFactory
    List<DynamicTest> snippetsRenderLikeTheReference() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode golden = json.readTree(JinjaTemplatesTest.resource("snippets-golden.json"));
        JsonNode spec = json.readTree(JinjaTemplatesTest.resource("scenarios.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> ctx = Map.of("messages", json.convertValue(spec.get("scenarios").get(4).get("messages"), List.class),
                "bos_token", "<s>", "eos_token", "</s>", "add_generation_prompt", true);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode s : json.readTree(JinjaTemplatesTest.resource("snippets.json"))) {
            String name = s.get("name").asText();
            JsonNode want = golden.get(name);
            tests.add(DynamicTest.dynamicTest(name, () -> {
                JinjaChatTemplate t = new JinjaChatTemplate(s.get("template").asText(), JinjaTemplatesTest.CLOCK);
                if (want.has("error")) {
                    assertThatThrownBy(() -> t.render(ctx)).isInstanceOf(JinjaException.class).hasMessage(want.get("error").asText());
                } else {
                    assertThat(t.render(ctx)).isEqualTo(want.get("text").asText());
                }
            }));
        }
        return tests;
    }
}
