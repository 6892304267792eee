package dev.jollama.server.generate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.Json;
import dev.jollama.server.testing.InferenceModels;
import dev.jollama.server.testing.TestServer;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.jollama.server.testing.InferenceModels.STORIES;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/tokenize and /api/detokenize over HTTP. */
class TokenizeEndpointsTest {
    @TempDir
    static Path store;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(store, Map.of("OLLAMA_NOPRUNE", "1"));
        InferenceModels.create(server, STORIES, TestData.stories260K(), Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<Integer> tokenize(String model, String content) {
        TestServer.Response r = server.post("/api/tokenize", Json.write(Map.of("model", model, "content", content)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("model").asText()).isEqualTo(model);
        List<Integer> ids = new ArrayList<>();
        r.json().get("tokens").forEach(n -> ids.add(n.asInt()));
        return ids;
    }

    static String detokenize(String model, List<Integer> ids) {
        TestServer.Response r = server.post("/api/detokenize", Json.write(Map.of("model", model, "tokens", ids)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("content").asText();
    }

    @Test
    void storiesTokensAreLlamaCppsWithoutBos() {
        JsonNode golden = InferenceModels.storiesGreedy();
        List<Integer> expected = new ArrayList<>();
        golden.get("prompt_ids").forEach(n -> expected.add(n.asInt()));
        // llama.cpp's prompt ids start with BOS (1); /api/tokenize adds none
        assertThat(tokenize(STORIES, golden.get("prompt").asText())).isEqualTo(expected.subList(1, expected.size()));
        List<Integer> generated = new ArrayList<>();
        golden.get("generated_ids").forEach(n -> generated.add(n.asInt()));
        assertThat(detokenize(STORIES, generated)).isEqualTo(golden.get("text").asText());
        // special tokens written in the text are parsed, and come back as their text
        List<Integer> special = tokenize(STORIES, "<s>Once");
        assertThat(special.getFirst()).isEqualTo(1);
        assertThat(detokenize(STORIES, special)).startsWith("<s>").endsWith("Once");
        assertThat(detokenize(STORIES, tokenize(STORIES, "Once upon a time, Lily."))).isEqualTo("Once upon a time, Lily.");
        assertThat(tokenize(STORIES, "")).isEmpty();
        assertThat(server.get("/api/ps").json().get("models")).as("tokenizing loads no model").isEmpty();
    }

    @Test
    void vocabularyOnlyModels() throws Exception {
        Path vocab = TestData.requireShared("vocab/ggml-vocab-llama-bpe.gguf");
        InferenceModels.create(server, "llama3-vocab", vocab, Map.of());
        String[] inputs = Files.readString(vocab.resolveSibling("ggml-vocab-llama-bpe.gguf.inp")).split("\n__ggml_vocab_test__\n", -1);
        List<String> outputs = Files.readAllLines(vocab.resolveSibling("ggml-vocab-llama-bpe.gguf.out"));
        int checked = 0;
        for (int i = 0; i < Math.min(inputs.length, outputs.size()); i++) {
            if (inputs[i].contains("<|")) continue; // the vectors were made with special tokens not parsed
            List<Integer> expected = new ArrayList<>();
            for (String id : outputs.get(i).trim().split(" ")) if (!id.isEmpty()) expected.add(Integer.parseInt(id));
            assertThat(tokenize("llama3-vocab", inputs[i])).as("input %d: %s", i, inputs[i]).isEqualTo(expected);
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
        assertThat(tokenize("llama3-vocab", "<|begin_of_text|>hi<|eot_id|>")).containsExactly(128000, 6151, 128009);
    }

    @Test
    void errors() {
        TestServer.Response missing = server.post("/api/tokenize", Json.write(Map.of("model", "nope", "content", "x")));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.error()).isEqualTo("model 'nope' not found");
        assertThat(server.post("/api/tokenize", Json.write(Map.of("content", "x"))).error()).isEqualTo("model is required");
        TestServer.Response range = server.post("/api/detokenize", Json.write(Map.of("model", STORIES, "tokens", List.of(1, 99999))));
        assertThat(range.status()).isEqualTo(400);
        assertThat(range.error()).isEqualTo("token id 99999 is out of range for the vocabulary of 512 tokens");
        assertThat(server.post("/api/detokenize", Json.write(Map.of("model", STORIES, "tokens", "x"))).status()).isEqualTo(400);
    }
}
