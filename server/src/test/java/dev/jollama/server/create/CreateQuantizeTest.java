package dev.jollama.server.create;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.Json;
import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.gguf.GgufWriter;
import dev.jollama.engine.quantize.QuantizeTestModels;
import dev.jollama.engine.tensor.GgmlType;
import dev.jollama.engine.tensor.Tensors;
import dev.jollama.server.testing.SmallDisk;
import dev.jollama.server.testing.TestServer;
import dev.jollama.server.testing.TinyGguf;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /api/create with {@code quantize} over real HTTP: Ollama's status lines, the stored model byte-identical to
 * llama-quantize's output of the same source (the engine's goldens), Ollama's errors, and a failed conversion that
 * leaves the store as it was.
 */
class CreateQuantizeTest {
    @TempDir
    static Path root;
    static Path models;
    static TestServer server;
    static String stories;

    @BeforeAll
    static void start() throws IOException {
        models = Files.createDirectories(root.resolve("models"));
        server = TestServer.start(models, Map.of("OLLAMA_NOPRUNE", "1"));
        stories = server.upload(TestData.stories260K());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void uploadedF32ModelIsQuantizedAsLlamaQuantizeDoes() throws IOException {
        var r = server.post("/api/create", "{\"model\":\"s4\",\"files\":{\"s.gguf\":\"" + stories + "\"},\"quantize\":\"q4_K_M\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String quantized = "sha256:" + golden("stories260K-Q4_K_M");
        List<JsonNode> lines = r.lines();
        List<String> statuses = lines.stream().map(n -> n.path("status").asText()).distinct().toList();
        assertThat(statuses).containsExactly("parsing GGUF", "quantizing F32 model to Q4_K_M", "verifying conversion",
                "creating new layer " + quantized, "writing manifest", "success");

        long size = Files.size(TestData.stories260K());
        List<JsonNode> progress = lines.stream().filter(n -> n.path("status").asText().startsWith("quantizing")).toList();
        assertThat(progress).hasSizeGreaterThan(1);
        long previous = -1;
        for (JsonNode p : progress) {
            assertThat(p.path("digest").asText()).isEqualTo("0000000000000000000");
            assertThat(p.path("total").asLong()).isEqualTo(size);
            assertThat(p.path("completed").asLong()).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(size);
            previous = p.path("completed").asLong();
        }
        assertThat(previous).isGreaterThan(size * 9 / 10);

        JsonNode model = manifest("s4").path("layers").get(0);
        assertThat(model.path("digest").asText()).isEqualTo(quantized);
        assertThat(model.path("mediaType").asText()).isEqualTo("application/vnd.ollama.image.model");
        JsonNode details = server.post("/api/show", "{\"model\":\"s4\"}").json().path("details");
        assertThat(details.path("quantization_level").asText()).isEqualTo("Q4_K_M");
        assertThat(details.path("family").asText()).isEqualTo("llama");

        var gen = server.post("/api/generate", "{\"model\":\"s4\",\"prompt\":\"Once upon a time\",\"stream\":false,"
                + "\"options\":{\"temperature\":0,\"num_predict\":8},\"keep_alive\":0}");
        assertThat(gen.status()).as(gen.body()).isEqualTo(200);
        assertThat(gen.json().path("response").asText()).isNotEmpty();
    }

    @Test
    void modelFromTheStoreIsQuantizedAndALegacyFieldWorks() throws IOException {
        Path f16 = root.resolve("llama-f16.gguf");
        QuantizeTestModels.write("llama-f16", f16);
        assertThat(server.createFromFile("llama16", f16, "").status()).isEqualTo(200);
        var r = server.post("/api/create", "{\"model\":\"llama8\",\"from\":\"llama16\",\"quantization\":\"Q8_0\",\"stream\":false}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("success");
        assertThat(manifest("llama8").path("layers").get(0).path("digest").asText()).isEqualTo("sha256:" + golden("llama-f16-Q8_0"));
        assertThat(manifest("llama8").path("layers").get(0).has("from")).isFalse();

        // q4_K is Q4_K_M, named as asked in the status
        var k = server.post("/api/create", "{\"model\":\"llama4\",\"from\":\"llama16\",\"quantize\":\"q4_k\"}");
        assertThat(k.lines().stream().map(n -> n.path("status").asText())).contains("quantizing F16 model to Q4_K");
        assertThat(manifest("llama4").path("layers").get(0).path("digest").asText()).isEqualTo("sha256:" + golden("llama-f16-Q4_K_M"));

        // asking for the type the model has changes nothing
        var same = server.post("/api/create", "{\"model\":\"llama16b\",\"from\":\"llama16\",\"quantize\":\"f16\"}");
        assertThat(same.lines().stream().map(n -> n.path("status").asText())).noneMatch(s -> s.startsWith("quantizing"));
        assertThat(manifest("llama16b").path("layers").get(0).path("digest")).isEqualTo(manifest("llama16").path("layers").get(0).path("digest"));
    }

    @Test
    void errorsAreOllamas() throws IOException {
        expect500("{\"model\":\"e\",\"stream\":false,\"files\":{\"s.gguf\":\"" + stories + "\"},\"quantize\":\"q4_0\"}",
                "unsupported quantization type Q4_0 - supported types are F32, F16, Q4_K_S, Q4_K_M, Q8_0");
        assertThat(server.post("/api/create", "{\"model\":\"s8\",\"files\":{\"s.gguf\":\"" + stories + "\"},\"quantize\":\"q8_0\",\"stream\":false}").status())
                .isEqualTo(200);
        expect500("{\"model\":\"e\",\"stream\":false,\"from\":\"s8\",\"quantize\":\"q4_K_S\"}",
                "quantization is only supported for F16, BF16 and F32 models");
        // streamed: the error comes after "parsing GGUF", as a line
        var streamed = server.post("/api/create", "{\"model\":\"e\",\"files\":{\"s.gguf\":\"" + stories + "\"},\"quantize\":\"iq2_xs\"}");
        assertThat(streamed.status()).isEqualTo(200);
        assertThat(streamed.lines().getLast().path("error").asText()).startsWith("unsupported quantization type IQ2_XS - ");
        assertThat(Files.exists(models.resolve("manifests/registry.ollama.ai/library/e"))).isFalse();
    }

    @Test
    void aWeightThatCannotBeConvertedIsAClearErrorAndChangesNothing() throws IOException {
        // file type F16, but one weight is Q8_0 and would have to be requantized (llama-quantize refuses that too)
        GgufMetadata md = TinyGguf.llamaMetadata();
        md.putUInt32("general.file_type", 1);
        Path mixed = root.resolve("mixed.gguf");
        GgufWriter w = new GgufWriter(md);
        w.addTensor("token_embd.weight", GgmlType.F16, new long[]{256, 32}, GgufWriter.TensorSource.of(Tensors.randomBlocks(GgmlType.F16, 256 * 32, 1, 1f)));
        w.addTensor("blk.0.attn_q.weight", GgmlType.Q8_0, new long[]{256, 64}, GgufWriter.TensorSource.of(Tensors.randomBlocks(GgmlType.Q8_0, 256 * 64, 2, 1f)));
        w.write(mixed);
        String digest = server.upload(mixed);
        Map<Path, byte[]> before = SmallDisk.contents(models);
        var r = server.post("/api/create", "{\"model\":\"mixed\",\"stream\":false,\"files\":{\"m.gguf\":\"" + digest + "\"},\"quantize\":\"q4_K_M\"}");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.error()).isEqualTo("cannot convert tensor blk.0.attn_q.weight from Q8_0 to Q4_K: only F32, F16 and BF16 weights can be quantized");
        assertThat(SmallDisk.contents(models)).as("every file of the store, byte for byte").containsExactlyInAnyOrderEntriesOf(before);
    }

    /**
     * The store on a tmpfs mounted by the test (needs root, as this project's machines and CI run; skipped elsewhere)
     * with room for the model but not for its conversion: the create fails part way through writing the blob and the
     * store is left exactly as it was, its space free again.
     */
    @Test
    void aConversionThatFillsTheDiskLeavesTheStoreAsItWas(@TempDir Path tmp) throws Exception {
        Path small = tmp.resolve("small");
        try (SmallDisk disk = SmallDisk.mount(small, Files.size(TestData.stories260K()) + 256 * 1024);
             TestServer full = TestServer.start(small.resolve("models"))) {
            Path store = small.resolve("models");
            Map<Path, byte[]> before = SmallDisk.contents(store);
            assertThat(before.keySet()).as("the built-in stories:260k is installed").isNotEmpty();
            FileStore fs = Files.getFileStore(small);
            long free = fs.getUsableSpace();
            var r = full.post("/api/create", "{\"model\":\"s16\",\"from\":\"stories:260k\",\"quantize\":\"f16\"}");
            assertThat(r.lines().stream().map(n -> n.path("status").asText())).contains("quantizing F32 model to F16");
            assertThat(r.lines().getLast().path("error").asText()).containsIgnoringCase("no space left on device");
            assertThat(SmallDisk.contents(store)).as("every file of the store, byte for byte").containsExactlyInAnyOrderEntriesOf(before);
            assertThat(fs.getUsableSpace()).as("the partial blob's space is free again").isGreaterThanOrEqualTo(free);
        }
    }

    private static void expect500(String body, String error) {
        var r = server.post("/api/create", body);
        assertThat(r.status()).as(body).isEqualTo(500);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.error()).as(body).isEqualTo(error);
    }

    private static JsonNode manifest(String model) throws IOException {
        return Json.mapper().readTree(models.resolve("manifests/registry.ollama.ai/library/" + model + "/latest").toFile());
    }

    /** SHA-256 of llama-quantize's output, from the engine's quantizer goldens. */
    private static String golden(String name) throws IOException {
        try (InputStream in = CreateQuantizeTest.class.getResourceAsStream("/quantize/" + name + ".json")) {
            assertThat(in).as("golden quantize/" + name + ".json").isNotNull();
            return Json.mapper().readTree(in).path("sha256").asText();
        }
    }
}
