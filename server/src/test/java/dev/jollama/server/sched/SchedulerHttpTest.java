package dev.jollama.server.sched;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.Json;
import dev.jollama.server.testing.InferenceModels;
import dev.jollama.server.testing.TestServer;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static dev.jollama.server.testing.InferenceModels.STORIES;
import static dev.jollama.server.testing.InferenceModels.TINY;
import static org.assertj.core.api.Assertions.assertThat;

/** The scheduler seen through HTTP, each case on its own server with its own environment. */
class SchedulerHttpTest {
    @TempDir
    Path store;

    private TestServer start(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("OLLAMA_NOPRUNE", "1");
        TestServer s = TestServer.start(store, all);
        InferenceModels.create(s, STORIES, TestData.stories260K(), Map.of());
        InferenceModels.create(s, TINY, TestData.tinyRandomLlama(), Map.of());
        return s;
    }

    private static JsonNode generate(TestServer s, Map<String, Object> body) {
        TestServer.Response r = s.post("/api/generate", Json.write(body));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static List<JsonNode> ps(TestServer s) {
        List<JsonNode> out = new ArrayList<>();
        s.get("/api/ps").json().get("models").forEach(out::add);
        return out;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void psShowsLoadedModelsAndKeepAliveExpires() throws Exception {
        try (TestServer s = start(Map.of())) {
            assertThat(ps(s)).isEmpty();
            generate(s, Map.of("model", STORIES, "prompt", "Once", "keep_alive", "1s", "stream", false, "options", Map.of("num_predict", 2)));
            List<JsonNode> loaded = ps(s);
            assertThat(loaded).hasSize(1);
            JsonNode m = loaded.getFirst();
            assertThat(m.get("name").asText()).isEqualTo("stories:latest");
            assertThat(m.get("model").asText()).isEqualTo("stories:latest");
            assertThat(m.get("size").asLong()).isGreaterThan(1_000_000L);
            assertThat(m.get("size_vram").asLong()).isZero();
            assertThat(m.get("context_length").asInt()).as("4096 clamped to the training context").isEqualTo(512);
            assertThat(m.get("details").get("format").asText()).isEqualTo("gguf");
            String digest = s.get("/api/tags").json().get("models").get(0).get("digest").asText();
            assertThat(List.of(digest, s.get("/api/tags").json().get("models").get(1).get("digest").asText())).contains(m.get("digest").asText());
            assertThat(OffsetDateTime.parse(m.get("expires_at").asText())).isAfter(OffsetDateTime.now().minusSeconds(1));
            await("the 1s keep-alive to unload stories", () -> ps(s).isEmpty());
        }
    }

    @Test
    void keepAliveForeverDefaultFromEnvironmentAndSortOrder() throws Exception {
        try (TestServer s = start(Map.of("OLLAMA_KEEP_ALIVE", "10m"))) {
            generate(s, Map.of("model", STORIES, "keep_alive", -1));
            generate(s, Map.of("model", TINY));
            List<JsonNode> loaded = ps(s);
            assertThat(loaded).extracting(j -> j.get("name").asText()).containsExactly("stories:latest", "tiny:latest");
            assertThat(OffsetDateTime.parse(loaded.get(0).get("expires_at").asText()).getYear()).isGreaterThan(2200);
            OffsetDateTime tiny = OffsetDateTime.parse(loaded.get(1).get("expires_at").asText());
            assertThat(tiny).isAfter(OffsetDateTime.now().plusMinutes(9)).isBefore(OffsetDateTime.now().plusMinutes(11));
            // a later request without keep_alive keeps the model's setting
            generate(s, Map.of("model", STORIES, "prompt", "Once", "stream", false, "options", Map.of("num_predict", 1)));
            assertThat(OffsetDateTime.parse(ps(s).getFirst().get("expires_at").asText()).getYear()).isGreaterThan(2200);
        }
    }

    @Test
    void maxLoadedModelsEvictsAndLoadTimeOptionsReload() throws Exception {
        try (TestServer s = start(Map.of("OLLAMA_MAX_LOADED_MODELS", "1"))) {
            generate(s, Map.of("model", STORIES));
            generate(s, Map.of("model", TINY));
            assertThat(ps(s)).extracting(j -> j.get("name").asText()).containsExactly("tiny:latest");
            generate(s, Map.of("model", STORIES, "prompt", "Once", "stream", false, "options", Map.of("num_ctx", 256, "num_predict", 1)));
            assertThat(ps(s)).extracting(j -> j.get("context_length").asInt()).containsExactly(256);
            // sampling options do not reload; num_ctx does
            generate(s, Map.of("model", STORIES, "prompt", "Once", "stream", false, "options", Map.of("num_ctx", 256, "temperature", 0, "num_predict", 1)));
            assertThat(ps(s)).extracting(j -> j.get("context_length").asInt()).containsExactly(256);
            generate(s, Map.of("model", STORIES, "prompt", "Once", "stream", false, "options", Map.of("num_ctx", 128, "num_predict", 1)));
            assertThat(ps(s)).extracting(j -> j.get("context_length").asInt()).containsExactly(128);
        }
    }

    @Test
    void concurrentRequestsMatchRunningEachAlone() throws Exception {
        try (TestServer s = start(Map.of("OLLAMA_NUM_PARALLEL", "3"))) {
            List<Map<String, Object>> bodies = new ArrayList<>();
            for (int seed = 1; seed <= 4; seed++) {
                bodies.add(Map.of("model", STORIES, "prompt", seed % 2 == 0 ? "Once upon a time" : "The dog", "stream", seed % 2 == 0,
                        "options", Map.of("temperature", 1, "seed", seed, "num_predict", 60)));
            }
            List<String> alone = new ArrayList<>();
            for (Map<String, Object> b : bodies) alone.add(text(s.post("/api/generate", Json.write(b))));
            List<CompletableFuture<String>> together = new ArrayList<>();
            for (Map<String, Object> b : bodies) {
                together.add(CompletableFuture.supplyAsync(() -> text(s.post("/api/generate", Json.write(b)))));
            }
            for (int i = 0; i < bodies.size(); i++) assertThat(together.get(i).get(120, TimeUnit.SECONDS)).isEqualTo(alone.get(i));
        }
    }

    @Test
    void fourConcurrentGreedyStreamsDecodeTogetherAsEachAlone() throws Exception {
        // OLLAMA_NUM_PARALLEL above 1 batches the decode steps of the model's sequences into shared forward passes
        try (TestServer s = start(Map.of("OLLAMA_NUM_PARALLEL", "4"))) {
            String[] prompts = {"Once upon a time", "The dog", "Lily and Ben went to the park. They saw", "One day"};
            List<Map<String, Object>> bodies = new ArrayList<>();
            for (int i = 0; i < prompts.length; i++) {
                bodies.add(Map.of("model", STORIES, "prompt", prompts[i], "stream", i % 2 == 0,
                        "options", Map.of("temperature", 0, "num_predict", i == 3 ? 9 : 40)));
            }
            List<String> alone = new ArrayList<>();
            for (Map<String, Object> b : bodies) alone.add(text(s.post("/api/generate", Json.write(b))));
            List<CompletableFuture<String>> together = new ArrayList<>();
            for (Map<String, Object> b : bodies) {
                together.add(CompletableFuture.supplyAsync(() -> text(s.post("/api/generate", Json.write(b)))));
            }
            for (int i = 0; i < bodies.size(); i++) assertThat(together.get(i).get(120, TimeUnit.SECONDS)).as(prompts[i]).isEqualTo(alone.get(i));
        }
    }

    private static String text(TestServer.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        StringBuilder sb = new StringBuilder();
        for (JsonNode l : r.lines()) sb.append(l.get("response").asText());
        return sb.toString();
    }

    /** A streamed generation that would run for minutes, on a raw socket the test can abandon. */
    private static Socket longGeneration(TestServer s, boolean stream) throws Exception {
        Socket socket = new Socket("127.0.0.1", s.port());
        String body = Json.write(Map.of("model", STORIES, "prompt", "Once upon a time", "stream", stream,
                "options", Map.of("num_predict", 10_000_000)));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/generate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return socket;
    }

    @Test
    void aClientThatGoesAwayFreesItsSlotAtOnce() throws Exception {
        try (TestServer s = start(Map.of("OLLAMA_NUM_PARALLEL", "1"))) {
            for (boolean stream : List.of(true, false)) {
                try (Socket a = longGeneration(s, stream)) {
                    if (stream) {
                        BufferedReader in = new BufferedReader(new InputStreamReader(a.getInputStream(), StandardCharsets.UTF_8));
                        String line;
                        while ((line = in.readLine()) != null && !line.startsWith("{")) {
                            // status line and headers
                        }
                        assertThat(line).contains("\"response\"");
                    } else {
                        await("the long generation to take the only slot", () -> !ps(s).isEmpty());
                    }
                }
                // with one slot, this is served only once the abandoned generation has stopped
                JsonNode b = generate(s, Map.of("model", STORIES, "prompt", "Once", "stream", false, "options", Map.of("num_predict", 3)));
                assertThat(b.get("done").asBoolean()).isTrue();
            }
        }
    }

    @Test
    void requestsBeyondTheQueueGet503EvenForALoadedModel() throws Exception {
        try (TestServer s = start(Map.of("OLLAMA_NUM_PARALLEL", "1", "OLLAMA_MAX_QUEUE", "1"))) {
            Scheduler scheduler = s.server().scheduler();
            try (Socket a = longGeneration(s, true)) {
                await("the long generation to start", () -> !ps(s).isEmpty() && scheduler.waiting() == 0);
                CompletableFuture<TestServer.Response> queued = CompletableFuture.supplyAsync(() -> s.post("/api/generate",
                        Json.write(Map.of("model", STORIES, "prompt", "Once", "stream", false, "options", Map.of("num_predict", 2)))));
                await("the second request to wait for the slot", () -> scheduler.waiting() == 1);
                TestServer.Response refused = s.post("/api/generate", Json.write(Map.of("model", STORIES, "prompt", "Once")));
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.error()).isEqualTo("server busy, please try again.  maximum pending requests exceeded");
                a.close();
                TestServer.Response served = queued.get(60, TimeUnit.SECONDS);
                assertThat(served.status()).isEqualTo(200);
                assertThat(served.json().get("done").asBoolean()).isTrue();
            }
        }
    }

    @Test
    void aClientThatGivesUpWhileQueuedLeavesTheQueue() throws Exception {
        try (TestServer s = start(Map.of("OLLAMA_NUM_PARALLEL", "1"))) {
            Scheduler scheduler = s.server().scheduler();
            try (Socket a = longGeneration(s, true)) {
                await("the long generation to start", () -> !ps(s).isEmpty() && scheduler.waiting() == 0);
                Socket b = longGeneration(s, false);
                await("the second request to wait for the slot", () -> scheduler.waiting() == 1);
                b.close();
                await("the abandoned request to leave the queue", () -> scheduler.waiting() == 0);
            }
        }
    }

    @Test
    void shutdownUnloadsEverything() {
        TestServer s = start(Map.of());
        generate(s, Map.of("model", STORIES));
        assertThat(s.server().scheduler().loaded()).hasSize(1);
        s.close();
        assertThat(s.server().scheduler().loaded()).isEmpty();
    }
}
