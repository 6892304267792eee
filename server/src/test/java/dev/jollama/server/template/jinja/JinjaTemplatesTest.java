package dev.jollama.server.template.jinja;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every real chat template in resources/jinja/templates, for every conversation of scenarios.json, renders exactly
 * what Hugging Face's reference (@huggingface/jinja, goldens/) renders. Where the reference cannot render a
 * template for lack of a feature, Python's Jinja2 set up like transformers (goldens-jinja2/) is the expectation;
 * where both refuse (the template's own raise_exception, or a conversation it cannot take), we must refuse too,
 * with the template's own message. Goldens: src/test/oracle/jinja/render-goldens.mjs and render-goldens-jinja2.py.
 */
class JinjaTemplatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Clock CLOCK = Clock.fixed(LocalDateTime.of(2026, 1, 2, 10, 30).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);

    @TestFactory
    List<DynamicTest> rendersLikeTheReference() throws IOException {
        JsonNode spec = JSON.readTree(resource("scenarios.json"));
        List<String> names = List.of(resource("templates.txt").strip().split("\n"));
        assertThat(names).hasSize(70);
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : names) {
            JinjaChatTemplate template = new JinjaChatTemplate(resource("templates/" + name + ".jinja"), CLOCK);
            JsonNode js = JSON.readTree(resource("goldens/" + name + ".json"));
            JsonNode py = JSON.readTree(resource("goldens-jinja2/" + name + ".json"));
            for (JsonNode scenario : spec.get("scenarios")) {
                String s = scenario.get("name").asText();
                tests.add(DynamicTest.dynamicTest(name + " / " + s, () -> check(template, context(spec, scenario), js.get(s), py.get(s))));
            }
        }
        return tests;
    }

    private static void check(JinjaChatTemplate template, Map<String, Object> context, JsonNode js, JsonNode py) {
        if (js.has("text")) {
            assertThat(template.render(context)).isEqualTo(js.get("text").asText());
        } else if (py.has("text")) {
            assertThat(template.render(context)).isEqualTo(py.get("text").asText());
        } else {
            var thrown = assertThatThrownBy(() -> template.render(context)).isInstanceOf(JinjaException.class);
            if (py.get("error").asText().startsWith("TemplateError: ")) {
                thrown.hasMessage(js.get("error").asText());
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> context(JsonNode spec, JsonNode scenario) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("messages", JSON.convertValue(scenario.get("messages"), List.class));
        ctx.put("add_generation_prompt", true);
        ctx.put("bos_token", "<s>");
        ctx.put("eos_token", "</s>");
        boolean tools = scenario.path("tools").asBoolean();
        if (tools) {
            ctx.put("tools", JSON.convertValue(spec.get("tools"), List.class));
        }
        ctx.put("functions", tools ? JinjaJson.write(JinjaValues.fromJava(JSON.convertValue(spec.get("tools"), List.class)),
                new JinjaJson.Options(2, false, null, null, false), true) : "");
        ctx.put("datetime", "Jan 02 2026 10:30:00 GMT");
        if (scenario.has("extra")) {
            ctx.putAll(JSON.convertValue(scenario.get("extra"), Map.class));
        }
        return ctx;
    }

    static String resource(String path) throws IOException {
        try (InputStream in = JinjaTemplatesTest.class.getResourceAsStream("/jinja/" + path)) {
            if (in == null) {
                throw new IOException("missing test resource /jinja/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
