package dev.jollama.server.generate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.jollama.api.Json;
import dev.jollama.server.testing.InferenceModels;
import dev.jollama.server.testing.TestServer;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.jollama.server.testing.InferenceModels.STORIES;
import static dev.jollama.server.testing.InferenceModels.STORIES_THINK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code format} over real HTTP on stories260K (a real pretrained model) at temperature 1 with several seeds: schemas on
 * /api/generate, /api/chat and OpenAI's {@code response_format}, streaming and not, give output that validates (networknt's
 * validator, format assertions on) and ends with done reason stop; JSON mode keeps the output a JSON object; a schema
 * the grammar cannot enforce is a 400 naming the keyword. The schemas bound every string and array, so a model that
 * would write stories into a string forever still finishes.
 */
class StructuredOutputHttpTest {
    private static final List<Map<String, Object>> SCHEMAS = List.of(
            Map.of("type", "object", "properties", Map.of("age", Map.of("type", "integer"), "available", Map.of("type", "boolean")),
                    "required", List.of("age", "available")),
            object(props("location", Map.of("type", "string", "maxLength", 20), "format", Map.of("enum", List.of("celsius", "fahrenheit"))),
                    List.of("location", "format")),
            object(props("mood", Map.of("enum", List.of("happy", "sad", "sleepy")), "score", Map.of("type", "integer", "minimum", 1, "maximum", 10),
                    "ratio", Map.of("type", "number", "exclusiveMinimum", 0, "maximum", 1)), List.of("mood", "score", "ratio")),
            object(props("phone", Map.of("type", "string", "pattern", "^\\+1-[0-9]{3}-[0-9]{4}$"), "born", Map.of("type", "string", "format", "date"),
                    "id", Map.of("type", "string", "format", "uuid")), List.of("phone", "born", "id")),
            object(props("pets", Map.of("type", "array", "minItems", 1, "maxItems", 3, "items",
                    object(props("name", Map.of("type", "string", "minLength", 1, "maxLength", 8), "cat", Map.of("type", "boolean")), List.of("name", "cat")))),
                    List.of("pets")),
            Map.of("anyOf", List.of(Map.of("type", "string", "maxLength", 5), Map.of("type", "null"), Map.of("type", "integer", "minimum", 0))));
    private static final long[] SEEDS = {1, 2, 3};

    @TempDir
    static Path store;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(store, Map.of("OLLAMA_NOPRUNE", "1"));
        InferenceModels.create(server, STORIES, TestData.stories260K(), Map.of());
        InferenceModels.create(server, STORIES_THINK, TestData.stories260K(), Map.of("template", InferenceModels.STORIES_THINKING_TEMPLATE));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void schemasOnGenerateValidateStreamedOrNot() {
        for (Map<String, Object> schema : SCHEMAS) {
            JsonSchema validator = validator(schema);
            for (long seed : SEEDS) {
                Map<String, Object> body = body("prompt", "Once upon a time", schema, seed);
                String whole = generated(body, false);
                assertThat(generated(body, true)).as("streamed, seed %d", seed).isEqualTo(whole);
                assertValid(validator, whole, schema + " seed " + seed);
            }
        }
    }

    @Test
    void schemasOnChatValidateStreamedOrNot() {
        for (Map<String, Object> schema : SCHEMAS.subList(0, 3)) {
            JsonSchema validator = validator(schema);
            for (long seed : SEEDS) {
                Map<String, Object> body = body("messages", List.of(Map.of("role", "user", "content", "Once upon a time")), schema, seed);
                String whole = chatted(body, false);
                assertThat(chatted(body, true)).as("streamed, seed %d", seed).isEqualTo(whole);
                assertValid(validator, whole, schema + " seed " + seed);
            }
        }
    }

    @Test
    void openAiResponseFormatValidates() {
        Map<String, Object> schema = SCHEMAS.get(2);
        JsonSchema validator = validator(schema);
        for (long seed : SEEDS) {
            Map<String, Object> body = Map.of("model", STORIES, "messages", List.of(Map.of("role", "user", "content", "Once upon a time")),
                    "temperature", 1, "seed", seed,
                    "response_format", Map.of("type", "json_schema", "json_schema", Map.of("name", "mood", "strict", true, "schema", schema)));
            TestServer.Response r = server.post("/v1/chat/completions", Json.write(body));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode choice = r.json().get("choices").get(0);
            assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
            assertValid(validator, choice.get("message").get("content").asText(), "seed " + seed);
        }
    }

    @Test
    void schemaAppliesAfterThinkingOnGenerate() {
        Map<String, Object> schema = SCHEMAS.get(2);
        for (boolean stream : List.of(false, true)) {
            TestServer.Response r = server.post("/api/generate", Json.write(withModel(body("prompt", "Once upon a time", schema, 1), STORIES_THINK, stream)));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            StringBuilder thinking = new StringBuilder(), response = new StringBuilder();
            for (JsonNode l : r.lines()) {
                thinking.append(l.path("thinking").asText());
                response.append(l.get("response").asText());
            }
            assertThat(thinking.toString()).as("stories thinks until its first full stop").isNotBlank().doesNotContain(".");
            assertValid(validator(schema), response.toString(), "stream " + stream);
            assertThat(r.lines().getLast().get("done_reason").asText()).isEqualTo("stop");
        }
    }

    /**
     * JSON mode: stories260K writes stories into its strings and does not close the object within a few tokens (it
     * ends by num_predict), so what is checked is that every answer is the start of a JSON object, streamed or not,
     * and a whole one whenever it ends with done reason stop.
     */
    @Test
    void jsonModeKeepsTheOutputAJsonObject() {
        for (long seed : SEEDS) {
            Map<String, Object> body = new LinkedHashMap<>(body("prompt", "Once upon a time", "json", seed));
            body.put("options", Map.of("temperature", 1, "seed", seed, "num_predict", 40));
            JsonNode answer = server.post("/api/generate", Json.write(withStream(body, false))).json();
            String whole = answer.get("response").asText();
            assertThat(whole).startsWith("{");
            assertStartOfJson(whole);
            if (answer.get("done_reason").asText().equals("stop")) assertValid(validator(Map.of("type", "object")), whole, "seed " + seed);
            else assertThat(answer.get("done_reason").asText()).isEqualTo("length");
            StringBuilder streamed = new StringBuilder();
            server.post("/api/generate", Json.write(withStream(body, true))).lines().forEach(l -> streamed.append(l.get("response").asText()));
            assertThat(streamed.toString()).isEqualTo(whole);
        }
    }

    @Test
    void unsupportedSchemaIsA400NamingTheKeyword() {
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("a", Map.of("type", "string", "not", Map.of("const", "x"))));
        String expected = "unsupported JSON Schema keyword \"not\" at #/properties/a";
        TestServer.Response g = server.post("/api/generate", Json.write(body("prompt", "x", schema, 1)));
        assertThat(g.status()).isEqualTo(400);
        assertThat(g.error()).startsWith(expected);
        TestServer.Response c = server.post("/api/chat", Json.write(body("messages", List.of(Map.of("role", "user", "content", "x")), schema, 1)));
        assertThat(c.status()).isEqualTo(400);
        assertThat(c.error()).startsWith(expected);
        TestServer.Response o = server.post("/v1/chat/completions", Json.write(Map.of("model", STORIES,
                "messages", List.of(Map.of("role", "user", "content", "x")),
                "response_format", Map.of("type", "json_schema", "json_schema", Map.of("name", "n", "schema", schema)))));
        assertThat(o.status()).isEqualTo(400);
        assertThat(o.json().get("error").get("message").asText()).startsWith(expected);
    }

    private static Map<String, Object> body(String key, Object promptOrMessages, Object format, long seed) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("model", STORIES);
        b.put(key, promptOrMessages);
        b.put("format", format);
        b.put("options", Map.of("temperature", 1, "seed", seed));
        return b;
    }

    private static Map<String, Object> withStream(Map<String, Object> body, boolean stream) {
        Map<String, Object> b = new LinkedHashMap<>(body);
        b.put("stream", stream);
        return b;
    }

    private static Map<String, Object> withModel(Map<String, Object> body, String model, boolean stream) {
        Map<String, Object> b = withStream(body, stream);
        b.put("model", model);
        return b;
    }

    /** The answer of /api/generate, streamed or not; asserts that it ended with done reason stop. */
    private static String generated(Map<String, Object> body, boolean stream) {
        TestServer.Response r = server.post("/api/generate", Json.write(withStream(body, stream)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        StringBuilder text = new StringBuilder();
        List<JsonNode> lines = r.lines();
        lines.forEach(l -> text.append(l.get("response").asText()));
        assertThat(lines.getLast().get("done_reason").asText()).as(text.toString()).isEqualTo("stop");
        return text.toString();
    }

    private static String chatted(Map<String, Object> body, boolean stream) {
        TestServer.Response r = server.post("/api/chat", Json.write(withStream(body, stream)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        StringBuilder text = new StringBuilder();
        List<JsonNode> lines = r.lines();
        lines.forEach(l -> text.append(l.get("message").get("content").asText()));
        assertThat(lines.getLast().get("done_reason").asText()).as(text.toString()).isEqualTo("stop");
        return text.toString();
    }

    private static JsonSchema validator(Map<String, Object> schema) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(Json.mapper().valueToTree(schema), config);
    }

    private static void assertValid(JsonSchema validator, String text, String context) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + e.getMessage() + "): " + text + " (" + context + ")");
        }
        assertThat(validator.validate(node)).as("%s (%s)", text, context).isEmpty();
    }

    /** Reads the text as JSON tokens up to its end: a syntax error fails, running out of text is what a prefix does. */
    private static void assertStartOfJson(String text) {
        try (JsonParser p = Json.mapper().getFactory().createParser(text)) {
            while (p.nextToken() != null) {
                // read on
            }
        } catch (JsonEOFException e) {
            return; // an unfinished object: fine
        } catch (IOException e) {
            throw new AssertionError("not the start of a JSON object (" + e.getMessage() + "): " + text);
        }
    }

    private static Map<String, Object> props(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }

    private static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
        return Map.of("type", "object", "properties", properties, "required", required);
    }
}
