package dev.jollama.server.embed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.Json;
import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.gguf.GgufTensorInfo;
import dev.jollama.engine.gguf.GgufWriter;
import dev.jollama.engine.model.RandomEncoders;
import dev.jollama.server.testing.InferenceModels;
import dev.jollama.server.testing.TestServer;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /api/embed and /api/embeddings over real HTTP: all-minilm (real weights) against Ollama's expected vector and
 * llama.cpp's, a random nomic-bert against llama.cpp, and every field and error Ollama answers.
 */
class EmbedEndpointTest {
    static final String MINILM = "all-minilm", NOMIC = "nomic-random", QWEN = "qwen3-embedding-random", STORIES = "stories",
            BROKEN = "bert-infinity";

    @TempDir
    static Path store;
    @TempDir
    static Path files;
    static TestServer server;
    static JsonNode minilmGolden, nomicGolden, qwenGolden;

    @BeforeAll
    static void start() throws IOException {
        Path minilm = TestData.requireShared("models/all-minilm-l6-v2-f16.gguf");
        server = TestServer.start(store, Map.of("OLLAMA_NOPRUNE", "1"));
        InferenceModels.create(server, MINILM, minilm, Map.of());
        Path nomic = files.resolve("nomic-bert.gguf");
        RandomEncoders.write("nomic-bert", nomic);
        InferenceModels.create(server, NOMIC, nomic, Map.of());
        Path qwen = files.resolve("qwen3-embedding.gguf");
        RandomEncoders.write("qwen3-embedding", qwen);
        InferenceModels.create(server, QWEN, qwen, Map.of());
        InferenceModels.create(server, STORIES, TestData.stories260K(), Map.of());
        Path bert = files.resolve("bert.gguf");
        RandomEncoders.write("bert", bert);
        InferenceModels.create(server, BROKEN, withInfinity(bert, files.resolve("bert-inf.gguf")), Map.of());
        minilmGolden = golden("all-minilm");
        nomicGolden = golden("nomic-bert");
        qwenGolden = golden("qwen3-embedding");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** A copy of a random F32 BERT whose [CLS] embedding holds an infinity, so that every vector comes out NaN. */
    static Path withInfinity(Path src, Path dst) throws IOException {
        try (GgufFile f = GgufFile.open(src)) {
            GgufWriter w = new GgufWriter(f.metadata());
            for (GgufTensorInfo t : f.tensors().values()) {
                byte[] data = f.tensorData(t).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                if (t.name().equals("token_embd.weight")) {
                    java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat((int) (101 * t.shape()[0] * 4), Float.POSITIVE_INFINITY);
                }
                w.addTensor(t.name(), t.type(), t.shape(), GgufWriter.TensorSource.of(data));
            }
            w.write(dst);
        }
        return dst;
    }

    static JsonNode golden(String name) throws IOException {
        try (InputStream in = EmbedEndpointTest.class.getResourceAsStream("/embed/" + name + ".json")) {
            return Json.mapper().readTree(in);
        }
    }

    static TestServer.Response embed(Object body) {
        return server.post("/api/embed", Json.write(body));
    }

    static TestServer.Response legacy(Object body) {
        return server.post("/api/embeddings", Json.write(body));
    }

    static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static float[] vector(JsonNode a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = (float) a.get(i).asDouble();
        return v;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    static double norm(float[] v) {
        double s = 0;
        for (float x : v) s += (double) x * x;
        return Math.sqrt(s);
    }

    static List<String> texts(JsonNode golden) {
        List<String> out = new ArrayList<>();
        golden.get("texts").forEach(t -> out.add(t.asText()));
        return out;
    }

    static List<String> keys(JsonNode j) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = j.fieldNames(); it.hasNext(); ) out.add(it.next());
        return out;
    }

    @Test
    void allMiniLmMatchesOllamaAndLlamaCpp() throws IOException {
        List<String> texts = texts(minilmGolden);
        TestServer.Response r = embed(body("model", MINILM, "input", texts));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode j = r.json();
        assertThat(keys(j)).containsExactly("model", "embeddings", "total_duration", "load_duration", "prompt_eval_count");
        assertThat(j.get("model").asText()).isEqualTo(MINILM);
        assertThat(j.get("total_duration").asLong()).isGreaterThanOrEqualTo(j.get("load_duration").asLong()).isPositive();
        int tokens = 0;
        for (JsonNode ids : minilmGolden.get("token_ids")) tokens += ids.size();
        assertThat(j.get("prompt_eval_count").asInt()).as("llama.cpp's tokens, [CLS] and [SEP] included").isEqualTo(tokens);
        assertThat(j.get("embeddings")).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            float[] got = vector(j.get("embeddings").get(i));
            assertThat(got).hasSize(384);
            assertThat(norm(got)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
            assertThat(cosine(got, vector(minilmGolden.get("embeddings").get(i)))).as("llama.cpp: %s", texts.get(i)).isGreaterThanOrEqualTo(0.9999);
        }
        JsonNode expected = Json.mapper().readTree(Files.readString(TestData.requireShared("reference/ollama-embed-expected.json")));
        float[] sky = vector(j.get("embeddings").get(texts.indexOf("why is the sky blue?")));
        assertThat(cosine(sky, vector(expected.get("all-minilm:latest")))).as("Ollama's expected all-minilm vector").isGreaterThanOrEqualTo(0.9999);
    }

    @Test
    void aStringInputIsOneVectorAndEqualsTheSameTextInABatch() {
        JsonNode one = embed(body("model", MINILM, "input", "why is the sky blue?")).json();
        assertThat(one.get("embeddings")).hasSize(1);
        assertThat(one.get("prompt_eval_count").asInt()).isEqualTo(8);
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 16; i++) batch.add("sentence number " + i + (i % 2 == 0 ? " is short." : " is a little longer than the others, isn't it?"));
        batch.set(5, "why is the sky blue?");
        JsonNode many = embed(body("model", MINILM, "input", batch)).json();
        assertThat(cosine(vector(many.get("embeddings").get(5)), vector(one.get("embeddings").get(0)))).isGreaterThanOrEqualTo(0.99999);
        for (int i = 0; i < batch.size(); i += 5) {
            JsonNode alone = embed(body("model", MINILM, "input", batch.get(i))).json();
            assertThat(cosine(vector(many.get("embeddings").get(i)), vector(alone.get("embeddings").get(0)))).isGreaterThanOrEqualTo(0.99999);
        }
    }

    @Test
    void concurrentRequestsGetTheirOwnVectors() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<JsonNode>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String text = "request " + i + " asks about " + (i % 2 == 0 ? "the sea" : "the mountains");
                results.add(pool.submit(() -> embed(body("model", MINILM, "input", List.of(text, text + " again"))).json()));
            }
            for (int i = 0; i < 6; i++) {
                String text = "request " + i + " asks about " + (i % 2 == 0 ? "the sea" : "the mountains");
                JsonNode got = results.get(i).get();
                JsonNode alone = embed(body("model", MINILM, "input", text)).json();
                assertThat(cosine(vector(got.get("embeddings").get(0)), vector(alone.get("embeddings").get(0)))).isGreaterThanOrEqualTo(0.99999);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void dimensionsCutsAndNormalisesAgain() {
        float[] full = vector(embed(body("model", MINILM, "input", "why is the sky blue?")).json().get("embeddings").get(0));
        float[] cut = vector(embed(body("model", MINILM, "input", "why is the sky blue?", "dimensions", 32)).json().get("embeddings").get(0));
        assertThat(cut).hasSize(32);
        assertThat(norm(cut)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        float[] prefix = java.util.Arrays.copyOf(full, 32);
        double n = norm(prefix);
        for (int i = 0; i < 32; i++) assertThat((double) cut[i]).isCloseTo(prefix[i] / n, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(embed(body("model", MINILM, "input", "x", "dimensions", 1000)).json().get("embeddings").get(0)).hasSize(384);
    }

    @Test
    void truncationFollowsOllama() {
        String longText = "word ".repeat(600);
        TestServer.Response refused = embed(body("model", MINILM, "input", longText, "truncate", false));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("the input length exceeds the context length");
        JsonNode cut = embed(body("model", MINILM, "input", longText)).json();
        assertThat(cut.get("prompt_eval_count").asInt()).as("512 positions, [CLS] and [SEP] included").isEqualTo(512);
        JsonNode explicit = embed(body("model", MINILM, "input", longText, "truncate", true)).json();
        assertThat(explicit.get("embeddings")).isEqualTo(cut.get("embeddings"));

        // Ollama's own cases (integration/embed_test.go): num_ctx 3 leaves room for one token
        float[] why = vector(embed(body("model", MINILM, "input", "why")).json().get("embeddings").get(0));
        JsonNode ctx3 = embed(body("model", MINILM, "input", "why is the sky blue?", "options", Map.of("num_ctx", 3))).json();
        assertThat(cosine(vector(ctx3.get("embeddings").get(0)), why)).isGreaterThanOrEqualTo(0.99999);
        assertThat(ctx3.get("prompt_eval_count").asInt()).isEqualTo(3);
        TestServer.Response ctx3Strict = embed(body("model", MINILM, "input", "why is the sky blue?", "truncate", false, "options", Map.of("num_ctx", 3)));
        assertThat(ctx3Strict.status()).isEqualTo(400);
        assertThat(ctx3Strict.error()).isEqualTo("the input length exceeds the context length");
        TestServer.Response ctx1 = embed(body("model", MINILM, "input", "why is the sky blue?", "options", Map.of("num_ctx", 1)));
        assertThat(ctx1.status()).isEqualTo(400);
        assertThat(ctx1.error()).isEqualTo("input after truncation exceeds maximum context length");
        TestServer.Response ctx0 = embed(body("model", MINILM, "input", "why is the sky blue?", "options", Map.of("num_ctx", 0)));
        assertThat(ctx0.status()).isEqualTo(400);
        assertThat(ctx0.error()).isEqualTo("input exceeds maximum context length and cannot be truncated further");
        JsonNode ctx16 = embed(body("model", MINILM, "input", "why is the sky blue? Why is the sky blue? hi there my", "options", Map.of("num_ctx", 16))).json();
        assertThat(ctx16.get("prompt_eval_count").asInt()).isEqualTo(16);
        // num_batch below the input: cut again to num_batch
        JsonNode batch8 = embed(body("model", MINILM, "input", "why is the sky blue? Why is the sky blue?", "options", Map.of("num_batch", 8))).json();
        assertThat(batch8.get("prompt_eval_count").asInt()).isEqualTo(8);
    }

    @Test
    void inputTypesAndEmptyInputs() {
        for (Object bad : List.of(42, List.of(1, 2), List.of("a", 2), Map.of("text", "a"), true)) {
            TestServer.Response r = embed(body("model", MINILM, "input", bad));
            assertThat(r.status()).as("input %s", bad).isEqualTo(400);
            assertThat(r.error()).isEqualTo("invalid input type");
        }
        for (Map<String, Object> empty : List.of(body("model", NOMIC, "input", ""), body("model", NOMIC, "input", List.of()), body("model", NOMIC))) {
            server.post("/api/generate", Json.write(body("model", NOMIC, "keep_alive", 0)));
            TestServer.Response r = embed(empty);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"model\":\"" + NOMIC + "\",\"embeddings\":[]}");
            assertThat(loaded()).as("an empty input loads the model").contains(NOMIC + ":latest");
        }
        JsonNode emptyString = embed(body("model", MINILM, "input", List.of(""))).json();
        assertThat(emptyString.get("embeddings")).hasSize(1);
        assertThat(emptyString.get("prompt_eval_count").asInt()).as("[CLS] [SEP]").isEqualTo(2);
    }

    @Test
    void modelErrors() {
        assertError(embed(body("model", "nope", "input", "a")), 404, "model \"nope\" not found, try pulling it first");
        assertError(embed(body("input", "a")), 404, "model '' not found");
        assertError(embed(body("input", "a")), 404, "model '' not found");
        assertError(embed(body("model", "bad name!", "input", "a")), 400, "invalid model name");
        assertError(embed(body("model", "bad name!", "input", 3)), 400, "invalid model name");
        assertError(embed(body("model", "nope", "input", 3)), 400, "invalid input type");
        assertError(server.post("/api/embed", ""), 400, "missing request body");
        assertError(embed(body("model", MINILM, "input", "a", "keep_alive", "3600")), 400, null);
        assertError(embed(body("model", MINILM, "input", "a", "options", Map.of("num_ctx", "big"))), 500, "option \"num_ctx\" must be of type integer");
        assertError(legacy(body("model", "nope", "prompt", "a")), 404, "model \"nope\" not found, try pulling it first");
        assertError(legacy(body("prompt", "a")), 400, "model is required");
        assertError(legacy(body("model", "bad name!", "prompt", "a")), 400, "invalid model name");
        assertError(embed(body("model", "nomic-embed-text:cloud", "input", "a")), 403, "ollama cloud is disabled: remote model is unavailable");
        assertError(legacy(body("model", "nomic-embed-text:v1.5-cloud", "prompt", "a")), 403, "ollama cloud is disabled: remote model is unavailable");
        assertThat(embed(body("model", MINILM + ":local", "input", "a")).status()).isEqualTo(200);
    }

    static void assertError(TestServer.Response r, int status, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        if (message != null) assertThat(r.error()).isEqualTo(message);
    }

    @Test
    void legacyEndpointAnswersTheEngineVector() {
        TestServer.Response r = legacy(body("model", MINILM, "prompt", "why is the sky blue?"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(keys(j)).containsExactly("embedding");
        float[] v = vector(j.get("embedding"));
        float[] raw = vector(minilmGolden.get("embeddings").get(0));
        assertThat(cosine(v, raw)).isGreaterThanOrEqualTo(0.9999);
        assertThat(norm(v)).as("a BERT model with a WordPiece vocabulary: llama-server's normalised vector").isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));

        float[] nomic = vector(legacy(body("model", NOMIC, "prompt", "why is the sky blue?")).json().get("embedding"));
        float[] nomicRaw = vector(nomicGolden.get("embeddings").get(0));
        assertThat(cosine(nomic, nomicRaw)).isGreaterThanOrEqualTo(0.99999);
        assertThat(norm(nomic)).as("nomic-bert: kept raw, as Ollama asks llama-server").isCloseTo(norm(nomicRaw), org.assertj.core.data.Offset.offset(1e-3 * norm(nomicRaw)));

        assertThat(legacy(body("model", MINILM, "prompt", "")).body()).isEqualTo("{\"embedding\":[]}");
        TestServer.Response tooLong = legacy(body("model", MINILM, "prompt", "word ".repeat(600)));
        assertError(tooLong, 500, "the input length exceeds the context length");
    }

    @Test
    void randomNomicBertMatchesLlamaCpp() {
        List<String> texts = texts(nomicGolden);
        JsonNode j = embed(body("model", NOMIC, "input", texts)).json();
        for (int i = 0; i < texts.size(); i++) {
            assertThat(cosine(vector(j.get("embeddings").get(i)), vector(nomicGolden.get("embeddings").get(i)))).as(texts.get(i)).isGreaterThanOrEqualTo(0.99999);
        }
    }

    @Test
    void decoderWithLastTokenPoolingMatchesLlamaCpp() {
        List<String> texts = texts(qwenGolden);
        JsonNode j = embed(body("model", QWEN, "input", texts)).json();
        int tokens = 0;
        for (JsonNode ids : qwenGolden.get("token_ids")) tokens += ids.size();
        assertThat(j.get("prompt_eval_count").asInt()).as("EOS appended to every input").isEqualTo(tokens);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(cosine(vector(j.get("embeddings").get(i)), vector(qwenGolden.get("embeddings").get(i)))).as(texts.get(i)).isGreaterThanOrEqualTo(0.9999);
        }
        float[] legacyVector = vector(legacy(body("model", QWEN, "prompt", texts.get(0))).json().get("embedding"));
        assertThat(norm(legacyVector)).as("qwen3: normalised on the legacy path").isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void embeddingModelsOnlyEmbed() {
        JsonNode show = server.post("/api/show", Json.write(body("model", MINILM))).json();
        List<String> caps = new ArrayList<>();
        show.get("capabilities").forEach(c -> caps.add(c.asText()));
        assertThat(caps).containsExactly("embedding");
        assertError(server.post("/api/generate", Json.write(body("model", MINILM, "prompt", "hi"))), 400, "\"all-minilm\" does not support generate");
        assertError(server.post("/api/chat", Json.write(body("model", MINILM, "messages", List.of(Map.of("role", "user", "content", "hi"))))), 400,
                "\"all-minilm\" does not support chat");
    }

    @Test
    void nonFiniteVectorsAreRefused() {
        assertError(embed(body("model", BROKEN, "input", "anything")), 400, "embedding contains NaN or Inf values");
        assertError(legacy(body("model", BROKEN, "prompt", "anything")), 500, "embedding contains NaN or Inf values");
    }

    @Test
    void generateOnlyModelsDoNotEmbed() {
        assertError(embed(body("model", STORIES, "input", "hello")), 501, EmbedEndpoint.NOT_SUPPORTED);
        assertError(legacy(body("model", STORIES, "prompt", "hello")), 501, EmbedEndpoint.NOT_SUPPORTED);
    }

    @Test
    void keepAliveZeroUnloadsAfterTheRequest() {
        embed(body("model", MINILM, "input", "stay"));
        assertThat(loaded()).contains(MINILM + ":latest");
        assertThat(embed(body("model", MINILM, "input", "go", "keep_alive", 0)).status()).isEqualTo(200);
        assertThat(loaded()).doesNotContain(MINILM + ":latest");
        assertThat(legacy(body("model", MINILM, "prompt", "x", "keep_alive", "1m")).status()).isEqualTo(200);
        assertThat(loaded()).contains(MINILM + ":latest");
    }

    static List<String> loaded() {
        List<String> names = new ArrayList<>();
        server.get("/api/ps").json().get("models").forEach(m -> names.add(m.get("name").asText()));
        return names;
    }
}
