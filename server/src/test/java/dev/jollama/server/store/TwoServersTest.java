package dev.jollama.server.store;

import dev.jollama.server.testing.ChildJvm;
import dev.jollama.server.testing.ServeMain;
import dev.jollama.server.testing.TestServer;
import dev.jollama.server.testing.TinyGguf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Two servers on one store, one of them in another JVM, see and change the same models. */
class TwoServersTest {

    @Test
    void aModelCreatedOnOneIsSeenDeletedAndCopiedOnTheOther(@TempDir Path root) throws Exception {
        Path models = root.resolve("models");
        Path gguf = TinyGguf.llama(root.resolve("tiny.gguf"));
        try (TestServer a = TestServer.start(models, Map.of("OLLAMA_NOPRUNE", "1"));
             ChildJvm child = ChildJvm.start(ServeMain.class, models.toString())) {
            int port = Integer.parseInt(child.awaitLine("PORT ").substring(5));
            HttpClient http = HttpClient.newHttpClient();
            assertThat(a.createFromFile("shared-model", gguf, "\"system\":\"from A\"").status()).isEqualTo(200);

            var show = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/show"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"shared-model\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(show.statusCode()).isEqualTo(200);
            assertThat(show.body()).contains("\"system\":\"from A\"");

            var copy = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/copy"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"source\":\"shared-model\",\"destination\":\"copied-by-b\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(copy.statusCode()).isEqualTo(200);
            assertThat(a.get("/api/tags").body()).contains("\"name\":\"copied-by-b:latest\"");

            var delete = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/delete"))
                    .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"model\":\"shared-model\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(delete.statusCode()).isEqualTo(200);
            assertThat(a.post("/api/show", "{\"model\":\"shared-model\"}").status()).isEqualTo(404);
            assertThat(a.post("/api/show", "{\"model\":\"copied-by-b\"}").status()).as("the copy keeps the shared blobs").isEqualTo(200);
        }
    }

    @Test
    void concurrentCreatesAndDeletesOfModelsSharingBlobsNeverBreakAModel(@TempDir Path root) throws Exception {
        Path models = root.resolve("models");
        Path gguf = TinyGguf.llama(root.resolve("tiny.gguf"));
        try (TestServer a = TestServer.start(models, Map.of("OLLAMA_NOPRUNE", "1"));
             TestServer b = TestServer.start(models, Map.of("OLLAMA_NOPRUNE", "1"))) {
            String digest = a.upload(gguf);
            String create = "{\"model\":\"%s\",\"stream\":false,\"files\":{\"tiny.gguf\":\"" + digest + "\"},\"system\":\"same\"}";
            Thread deleter = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 20; i++) {
                    b.post("/api/create", create.formatted("victim"));
                    b.delete("/api/delete", "{\"model\":\"victim\"}");
                }
            });
            for (int i = 0; i < 20; i++) {
                var r = a.post("/api/create", create.formatted("survivor-" + i));
                assertThat(r.status()).as(r.body()).isEqualTo(200);
            }
            deleter.join();
            for (int i = 0; i < 20; i++) {
                var show = a.post("/api/show", "{\"model\":\"survivor-" + i + "\"}");
                assertThat(show.status()).as("pins keep a create's blobs from a concurrent delete").isEqualTo(200);
                assertThat(show.json().path("system").asText()).isEqualTo("same");
            }
            ModelStore store = new ModelStore(models);
            for (StoredManifest m : store.list()) {
                for (String d : m.manifest().digests()) assertThat(store.hasBlob(d)).as(m.name() + " " + d).isTrue();
            }
        }
    }
}
