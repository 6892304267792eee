package dev.jollama.server.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.server.store.ModelName;
import dev.jollama.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /api/pull and /api/push over HTTP against a real registry: a model made with /api/blobs and /api/create is pushed,
 * deleted, pulled back identical; progress lines, stream:false, and Ollama's errors and statuses.
 */
class RegistryRoutesTest {
    @TempDir
    Path tmp;

    @Test
    void pushDeletePullOverTheApi() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("registry")), "");
             TestServer server = TestServer.start(tmp.resolve("models"))) {
            String model = registry.authority() + "/team/stories:latest";
            assertThat(server.createFromFile(model, RegistryTestSupport.testdata("models/stories260K.gguf"), "").status()).isEqualTo(200);
            ModelName name = ModelName.parse(model);
            byte[] manifest = server.server().store().readManifest(name).orElseThrow();
            String generate = "{\"model\":\"" + model + "\",\"prompt\":\"Once upon a time\",\"stream\":false,\"options\":{\"temperature\":0,\"num_predict\":24},\"keep_alive\":0}";
            TestServer.Response before = server.post("/api/generate", generate);
            assertThat(before.status()).as(before.body()).isEqualTo(200);
            String answer = before.json().path("response").asText();
            assertThat(answer).isNotBlank();
            assertThat(Files.exists(server.server().config().home().resolve("id_ed25519"))).as("key made at start").isTrue();

            TestServer.Response push = server.post("/api/push", "{\"model\":\"" + model + "\",\"insecure\":true}");
            assertThat(push.status()).isEqualTo(200);
            assertThat(push.header("Content-Type")).startsWith("application/x-ndjson");
            List<String> pushed = statuses(push.lines());
            assertThat(pushed.getFirst()).isEqualTo("retrieving manifest");
            assertThat(pushed).endsWith("pushing manifest", "success").anyMatch(s -> s.matches("pushing [0-9a-f]{12}"));

            // keep_alive 0 unloads it, so the answer after the pull comes from the pulled files
            assertThat(loadedModels(server)).isEmpty();
            assertThat(server.delete("/api/delete", "{\"model\":\"" + model + "\"}").status()).isEqualTo(200);
            TestServer.Response pull = server.post("/api/pull", "{\"model\":\"" + model + "\",\"insecure\":true}");
            assertThat(pull.status()).isEqualTo(200);
            List<JsonNode> lines = pull.lines();
            List<String> pulled = statuses(lines);
            assertThat(pulled.getFirst()).isEqualTo("pulling manifest");
            assertThat(pulled).endsWith("verifying sha256 digest", "writing manifest", "success");
            JsonNode layer = lines.stream().filter(l -> l.has("digest")).findFirst().orElseThrow();
            assertThat(layer.path("status").asText()).isEqualTo("pulling " + layer.path("digest").asText().substring(7, 19));
            assertThat(layer.path("total").asLong()).isPositive();
            assertThat(server.server().store().readManifest(name)).contains(manifest);
            TestServer.Response after = server.post("/api/generate", generate);
            assertThat(after.status()).as(after.body()).isEqualTo(200);
            assertThat(after.json().path("response").asText()).as("the pulled model answers as before").isEqualTo(answer);
            assertThat(after.json().path("eval_count").asInt()).isEqualTo(before.json().path("eval_count").asInt());

            TestServer.Response quiet = server.post("/api/pull", "{\"model\":\"" + model + "\",\"insecure\":true,\"stream\":false}");
            assertThat(quiet.status()).isEqualTo(200);
            assertThat(quiet.header("Content-Type")).startsWith("application/json");
            assertThat(quiet.body()).isEqualTo("{\"status\":\"success\"}");
            assertThat(server.get("/api/tags").body()).contains(model);

            TestServer.Response unknown = server.post("/api/pull", "{\"model\":\"" + registry.authority() + "/team/none\",\"insecure\":true}");
            assertThat(unknown.status()).isEqualTo(200);
            assertThat(unknown.body()).isEqualTo("{\"status\":\"pulling manifest\"}\n{\"error\":\"pull model manifest: file does not exist\"}\n");
            TestServer.Response unknownQuiet = server.post("/api/pull", "{\"model\":\"" + registry.authority() + "/team/none\",\"insecure\":true,\"stream\":false}");
            assertThat(unknownQuiet.status()).isEqualTo(500);
            assertThat(unknownQuiet.error()).isEqualTo("pull model manifest: file does not exist");

            TestServer.Response insecure = server.post("/api/pull", "{\"model\":\"http://" + registry.authority() + "/team/stories\"}");
            assertThat(insecure.status()).isEqualTo(500);
            assertThat(insecure.error()).isEqualTo("insecure protocol http");
            assertThat(server.post("/api/pull", "{\"model\":\"a/b/c/d/e\"}").error()).isEqualTo("invalid model name");
            assertThat(server.post("/api/push", "{}").error()).isEqualTo("model is required");
        }
    }

    @Test
    void theServerReadsRegistryCredentialsFromItsEnvironment() throws Exception {
        try (TestServer server = TestServer.start(tmp.resolve("models"), Map.of("JOLLAMA_REGISTRY_AUTH", "nonsense"))) {
            // a malformed value is logged and ignored; the server runs
            assertThat(server.get("/").status()).isEqualTo(200);
        }
    }

    /** /api/ps's models, once the unload that follows a keep_alive 0 answer has happened (waits up to 10 s). */
    private static List<JsonNode> loadedModels(TestServer server) throws Exception {
        List<JsonNode> models = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            models.clear();
            server.get("/api/ps").json().path("models").forEach(models::add);
            if (models.isEmpty()) break;
            Thread.sleep(50);
        }
        return models;
    }

    private static List<String> statuses(List<JsonNode> lines) {
        List<String> out = new ArrayList<>();
        for (JsonNode l : lines) {
            assertThat(l.has("error")).as(l.toString()).isFalse();
            String s = l.path("status").asText();
            if (out.isEmpty() || !out.getLast().equals(s)) out.add(s);
        }
        return out;
    }
}
