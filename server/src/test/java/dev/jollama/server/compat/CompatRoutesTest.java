package dev.jollama.server.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The dialects' routes over real HTTP: models from the store, and errors in each dialect's shape and status. */
class CompatRoutesTest {
    @TempDir
    static Path models;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(models);
        assertThat(server.post("/api/copy", "{\"source\":\"stories:260k\",\"destination\":\"myorg/story:v1\"}").status()).isEqualTo(200);
        assertThat(server.post("/api/copy", "{\"source\":\"stories:260k\",\"destination\":\"hf.co/org/repo:q4\"}").status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void modelsAreListedWithTheirNamespaces() {
        TestServer.Response r = server.get("/v1/models");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode list = r.json();
        assertThat(list.path("object").textValue()).isEqualTo("list");
        assertThat(list.path("data")).extracting(m -> m.path("id").textValue() + " " + m.path("owned_by").textValue())
                .containsExactlyInAnyOrder("stories:260k library", "myorg/story:v1 myorg", "hf.co/org/repo:q4 org");
        JsonNode tags = server.get("/api/tags").json().path("models");
        for (JsonNode m : list.path("data")) {
            assertThat(m.path("object").textValue()).isEqualTo("model");
            JsonNode tag = null;
            for (JsonNode t : tags) if (t.path("model").textValue().equals(m.path("id").textValue())) tag = t;
            assertThat(tag).as(m.toString()).isNotNull();
            assertThat(m.path("created").longValue()).isEqualTo(java.time.OffsetDateTime.parse(tag.path("modified_at").textValue()).toEpochSecond());
        }
    }

    @Test
    void aModelIsRetrievedByAnyIdIncludingSlashesPlainOrPercentEncoded() {
        for (String id : new String[]{"stories:260k", "library/stories:260k", "myorg/story:v1", "hf.co/org/repo:q4", "STORIES:260k"}) {
            TestServer.Response r = server.get("/v1/models/" + id);
            assertThat(r.status()).as(id).isEqualTo(200);
            assertThat(r.json().path("id").textValue()).isEqualTo(id);
            assertThat(r.json().path("object").textValue()).isEqualTo("model");
        }
        TestServer.Response encoded = server.get("/v1/models/myorg%2Fstory%3Av1");
        assertThat(encoded.status()).isEqualTo(200);
        assertThat(encoded.json().path("id").textValue()).isEqualTo("myorg/story:v1");
        assertThat(encoded.json().path("owned_by").textValue()).isEqualTo("myorg");
    }

    @Test
    void aMissingModelIsAnOpenAi404() {
        TestServer.Response r = server.get("/v1/models/nope:latest");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("{\"error\":{\"message\":\"model 'nope:latest' not found\",\"type\":\"not_found_error\",\"param\":null,\"code\":null}}");
        TestServer.Response cloud = server.get("/v1/models/gpt-oss:20b-cloud");
        assertThat(cloud.status()).isEqualTo(403);
        assertThat(cloud.json().path("error").path("message").textValue()).isEqualTo("ollama cloud is disabled: remote model details are unavailable");
        assertThat(server.get("/v1/models/stories:260k:local").status()).isEqualTo(200);
        TestServer.Response bad = server.get("/v1/models/a%2F%2Fb");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").path("type").textValue()).isEqualTo("invalid_request_error");
    }

    @Test
    void unknownModelsAreOllamas404sInEachDialect() {
        String msgs = ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]";
        for (String[] c : new String[][]{
                {"/v1/chat/completions", "{\"model\":\"nope\"" + msgs + "}", "model 'nope' not found"},
                {"/v1/completions", "{\"model\":\"nope\",\"prompt\":\"x\"}", "model 'nope' not found"},
                {"/v1/embeddings", "{\"model\":\"nope\",\"input\":\"x\"}", "model \"nope\" not found, try pulling it first"}}) {
            TestServer.Response r = server.post(c[0], c[1]);
            assertThat(r.status()).as(c[0]).isEqualTo(404);
            assertThat(r.json().path("error").path("type").textValue()).as(c[0]).isEqualTo("not_found_error");
            assertThat(r.json().path("error").path("message").textValue()).as(c[0]).isEqualTo(c[2]);
        }
        TestServer.Response m = server.post("/v1/messages", "{\"model\":\"nope\",\"max_tokens\":5" + msgs + "}");
        assertThat(m.status()).isEqualTo(404);
        assertThat(m.json().path("error").path("type").textValue()).isEqualTo("not_found_error");
        assertThat(m.json().path("error").path("message").textValue()).isEqualTo("model 'nope' not found");
    }

    @Test
    void badRequestsAreOpenAi400sOnEveryEndpoint() {
        for (String path : new String[]{"/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/responses"}) {
            TestServer.Response r = server.post(path, "{not json");
            assertThat(r.status()).as(path).isEqualTo(400);
            JsonNode e = r.json().path("error");
            assertThat(e.path("type").textValue()).isEqualTo("invalid_request_error");
            assertThat(e.path("message").textValue()).isEqualTo("invalid character 'n' looking for beginning of object key string");
            assertThat(e.has("param")).isTrue();
            assertThat(e.has("code")).isTrue();
        }
        TestServer.Response typed = server.post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":\"hot\"}");
        assertThat(typed.status()).isEqualTo(400);
        assertThat(typed.json().path("error").path("message").textValue())
                .isEqualTo("json: cannot unmarshal string into Go struct field ChatCompletionRequest.temperature of type float64");
        assertThat(server.post("/v1/embeddings", "[\"x\"]").json().path("error").path("message").textValue())
                .isEqualTo("json: cannot unmarshal array into Go value of type openai.EmbedRequest");
        assertThat(server.post("/v1/embeddings", "{\"model\":\"m\",\"dimensions\":\"8\"}").json().path("error").path("message").textValue())
                .isEqualTo("json: cannot unmarshal string into Go struct field EmbedRequest.dimensions of type int");
        TestServer.Response n = server.post("/v1/chat/completions", "{\"model\":\"stories:260k\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":2,\"stream\":true}");
        assertThat(n.status()).isEqualTo(400);
        assertThat(n.json().path("error").path("param").textValue()).isEqualTo("n");
    }

    @Test
    void badRequestsAreAnthropic400s() {
        for (String path : new String[]{"/v1/messages", "/v1/messages/count_tokens"}) {
            TestServer.Response r = server.post(path, "{\"model\":\"stories:260k\"}");
            assertThat(r.status()).as(path).isEqualTo(400);
            JsonNode e = r.json();
            assertThat(e.path("type").textValue()).isEqualTo("error");
            assertThat(e.path("error").path("type").textValue()).isEqualTo("invalid_request_error");
            assertThat(e.path("request_id").textValue()).startsWith("req_");
        }
        assertThat(server.post("/v1/messages", "{\"model\":\"stories:260k\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").json()
                .path("error").path("message").textValue()).isEqualTo("max_tokens is required and must be positive");
    }

    @Test
    void chatCompletionLogprobsWithoutAlternatives() {
        String req = "{\"model\":\"stories:260k\",\"messages\":[{\"role\":\"user\",\"content\":\"Once\"}],\"max_tokens\":3,"
                + "\"temperature\":0,\"logprobs\":true,\"top_logprobs\":0";
        TestServer.Response whole = server.post("/v1/chat/completions", req + "}");
        assertThat(whole.status()).isEqualTo(200);
        JsonNode content = whole.json().path("choices").path(0).path("logprobs").path("content");
        assertThat(content).hasSize(3);
        for (JsonNode t : content) {
            assertThat(t.path("logprob").doubleValue()).isLessThanOrEqualTo(0);
            assertThat(t.path("top_logprobs")).isEmpty();
        }
        TestServer.Response streamed = server.post("/v1/chat/completions", req + ",\"stream\":true}");
        assertThat(streamed.status()).isEqualTo(200);
        assertThat(streamed.body()).contains("\"logprobs\":{\"content\":[").doesNotContain("\"error\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void sdkHeadersPassCorsPreflight() {
        TestServer.Response r = server.send("OPTIONS", "/v1/chat/completions", null, "Origin", "http://localhost:3000",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "x-stainless-os,authorization");
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.header("Access-Control-Allow-Headers")).contains("X-Stainless-Os").contains("Authorization");
    }
}
