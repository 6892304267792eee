package dev.jollama.server.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.server.template.gotmpl.GoTemplate;
import dev.jollama.server.template.gotmpl.GoTemplateException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The corpus in resources/gotmpl: every case rendered by our interpreter must equal what Go's text/template printed
 * (expected.json, recorded by src/test/oracle/gotmpl with the data model and rendering rules of Ollama). Parse
 * errors must match Go's message exactly; execution errors must be errors too.
 */
class GoTemplateCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Features of the Go release Ollama is built with, newer than the Go that recorded the corpus (see GoTemplateTest). */
    private static final Set<String> NEWER_GO = Set.of("lang/range-int", "lang/with-else-with");

    @TestFactory
    Stream<DynamicTest> corpus() throws IOException {
        JsonNode cases = read("/gotmpl/cases.json");
        Map<String, JsonNode> expected = new HashMap<>();
        for (JsonNode e : read("/gotmpl/expected.json")) {
            expected.put(e.get("name").asText(), e);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            if (NEWER_GO.contains(name)) {
                continue;
            }
            JsonNode want = expected.get(name);
            tests.add(DynamicTest.dynamicTest(name, () -> check(c, want)));
        }
        return tests.stream();
    }

    private static void check(JsonNode c, JsonNode want) {
        if (want.has("err")) {
            String err = want.get("err").asText();
            assertThatThrownBy(() -> render(c)).isInstanceOf(GoTemplateException.class)
                    .satisfies(e -> {
                        if (!err.contains("executing")) {
                            assertThat(e.getMessage()).isEqualTo(err);
                        }
                    });
            return;
        }
        String out = want.get("out").asText().replace("2026-01-02", LocalDate.now().toString());
        assertThat(render(c)).isEqualTo(out);
    }

    private static String render(JsonNode c) {
        String template = c.get("template").asText();
        if (!c.has("values")) {
            GoTemplate t = GoTemplate.parse("", template, Map.of());
            return t.execute(goAny(c.get("data")));
        }
        return OllamaTemplate.parse(template).render(values(c.get("values")));
    }

    static TemplateValues values(JsonNode v) {
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode m : v.path("messages")) {
            List<ToolCall> calls = new ArrayList<>();
            for (JsonNode tc : m.path("tool_calls")) {
                JsonNode f = tc.get("function");
                calls.add(new ToolCall(tc.path("id").asText(), f.path("index").asInt(), f.get("name").asText(),
                        ordered(f.get("arguments"))));
            }
            messages.add(new ChatMessage(m.get("role").asText(), m.path("content").asText(), m.path("thinking").asText(),
                    List.of(), calls, m.path("tool_name").asText(), m.path("tool_call_id").asText()));
        }
        List<Map<String, Object>> tools = null;
        if (v.has("tools")) {
            tools = new ArrayList<>();
            for (JsonNode t : v.get("tools")) {
                tools.add(ordered(t));
            }
        }
        ThinkValue think = null;
        if (v.has("think")) {
            think = v.get("think").isBoolean() ? ThinkValue.of(v.get("think").asBoolean()) : ThinkValue.of(v.get("think").asText());
        }
        return new TemplateValues(messages, tools, think, v.path("prompt").asText(), v.path("suffix").asText());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> ordered(JsonNode n) {
        return JSON.convertValue(n, LinkedHashMap.class);
    }

    /** JSON decoded as Go's json.Unmarshal into `any` does: float64 numbers, plain maps. */
    private static Object goAny(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(goAny(x)));
            return l;
        }
        Map<String, Object> m = new HashMap<>();
        n.properties().forEach(e -> m.put(e.getKey(), goAny(e.getValue())));
        return m;
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = GoTemplateCorpusTest.class.getResourceAsStream(resource)) {
            return JSON.readTree(in);
        }
    }
}
