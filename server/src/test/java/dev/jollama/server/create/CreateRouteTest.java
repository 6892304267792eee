package dev.jollama.server.create;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.Json;
import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.gguf.GgufValueType;
import dev.jollama.engine.gguf.GgufWriter;
import dev.jollama.engine.tensor.GgmlType;
import dev.jollama.server.testing.TestServer;
import dev.jollama.server.testing.TinyGguf;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CreateRouteTest {
    @TempDir
    static Path root;
    static Path models;
    static TestServer server;
    static Path tiny;
    static String tinyDigest;

    @BeforeAll
    static void start() throws IOException {
        models = Files.createDirectories(root.resolve("models"));
        server = TestServer.start(models, java.util.Map.of("OLLAMA_NOPRUNE", "1"));
        tiny = TinyGguf.llama(root.resolve("tiny.gguf"));
        tinyDigest = server.upload(tiny);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String chatmlJinja() throws IOException {
        try (InputStream in = CreateRouteTest.class.getResourceAsStream("/ollama-templates/index.json")) {
            for (JsonNode e : Json.mapper().readTree(in)) if (e.path("name").asText().equals("chatml")) return e.path("template").asText();
        }
        throw new IllegalStateException("no chatml entry");
    }

    static List<String> statuses(TestServer.Response r) {
        return r.lines().stream().map(n -> n.has("status") ? n.path("status").asText() : "error: " + n.path("error").asText()).toList();
    }

    static String blobText(String digest) throws IOException {
        return Files.readString(models.resolve("blobs/sha256-" + digest.substring(7)));
    }

    static JsonNode manifest(String model, String tag) throws IOException {
        return Json.mapper().readTree(models.resolve("manifests/registry.ollama.ai/library/" + model + "/" + tag).toFile());
    }

    @Test
    void createFromAGgufWithAKnownChatTemplateStreamsOllamasStatuses() throws IOException {
        GgufMetadata md = TinyGguf.llamaMetadata();
        md.putString("tokenizer.chat_template", chatmlJinja());
        Path file = TinyGguf.write(root.resolve("chat.gguf"), md);
        String digest = server.upload(file);
        var r = server.post("/api/create", "{\"model\":\"chatty\",\"files\":{\"chat.gguf\":\"" + digest + "\"}}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/x-ndjson");
        JsonNode m = manifest("chatty", "latest");
        String template = m.path("layers").get(1).path("digest").asText();
        String params = m.path("layers").get(2).path("digest").asText();
        assertThat(statuses(r)).containsExactly("parsing GGUF", "using existing layer " + digest, "using autodetected template chatml",
                "creating new layer " + params, "writing manifest", "success");
        assertThat(m.path("layers").get(0).path("mediaType").asText()).isEqualTo("application/vnd.ollama.image.model");
        assertThat(m.path("layers").get(1).path("mediaType").asText()).isEqualTo("application/vnd.ollama.image.template");
        assertThat(blobText(template)).contains("<|im_start|>");
        assertThat(blobText(params)).isEqualTo("{\"stop\":[\"\\u003c|im_start|\\u003e\",\"\\u003c|im_end|\\u003e\"]}\n");
        JsonNode show = server.post("/api/show", "{\"model\":\"chatty\"}").json();
        assertThat(show.path("template").asText()).isEqualTo(blobText(template));
    }

    @Test
    void configAndManifestAreWrittenAsOllamaWritesThem() throws IOException {
        assertThat(server.post("/api/create", "{\"model\":\"plain\",\"stream\":false,\"files\":{\"tiny.gguf\":\"" + tinyDigest + "\"}}").body())
                .isEqualTo("{\"status\":\"success\"}");
        Path file = models.resolve("manifests/registry.ollama.ai/library/plain/latest");
        JsonNode m = Json.mapper().readTree(file.toFile());
        String config = m.path("config").path("digest").asText();
        assertThat(blobText(config)).isEqualTo("{\"model_format\":\"gguf\",\"model_family\":\"llama\",\"model_families\":[\"llama\"],"
                + "\"model_type\":\"56\",\"file_type\":\"Q8_0\",\"architecture\":\"amd64\",\"os\":\"linux\"}\n");
        assertThat(Files.readString(file)).isEqualTo("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"digest\":\"" + config + "\",\"size\":" + m.path("config").path("size").asLong() + "},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.ollama.image.model\",\"digest\":\"" + tinyDigest + "\",\"size\":" + Files.size(tiny) + "}]}\n");
    }

    @Test
    void createFromAModelInheritsAndOverrides() throws IOException {
        assertThat(server.post("/api/create", "{\"model\":\"base\",\"stream\":false,\"files\":{\"tiny.gguf\":\"" + tinyDigest + "\"},"
                + "\"parameters\":{\"temperature\":0.5,\"stop\":\"END\"}}").status()).isEqualTo(200);
        JsonNode base = manifest("base", "latest");
        String baseParams = base.path("layers").get(1).path("digest").asText();
        assertThat(blobText(baseParams)).isEqualTo("{\"stop\":[\"END\"],\"temperature\":0.5}\n");

        var r = server.post("/api/create", "{\"model\":\"derived:v2\",\"from\":\"BASE\",\"system\":\"You are terse.\",\"parameters\":{\"top_k\":\"20\"},"
                + "\"messages\":[{\"role\":\"USER\",\"content\":\"hi\"}],\"template\":\"{{ .System }} {{ .Prompt }}\"}");
        JsonNode d = manifest("derived", "v2");
        JsonNode layers = d.path("layers");
        assertThat(layers.get(0).path("from").asText()).isEqualTo("base:latest");
        assertThat(layers.get(0).path("digest").asText()).isEqualTo(tinyDigest);
        List<String> types = new java.util.ArrayList<>();
        layers.forEach(l -> types.add(l.path("mediaType").asText().replace("application/vnd.ollama.image.", "")));
        assertThat(types).containsExactly("model", "template", "system", "params", "messages");
        assertThat(statuses(r)).containsExactly("using existing layer " + tinyDigest,
                "creating new layer " + layers.get(1).path("digest").asText(),
                "creating new layer " + layers.get(2).path("digest").asText(),
                "creating new layer " + layers.get(3).path("digest").asText(),
                "creating new layer " + layers.get(4).path("digest").asText(),
                "writing manifest", "success");
        assertThat(blobText(layers.get(3).path("digest").asText())).isEqualTo("{\"stop\":[\"END\"],\"temperature\":0.5,\"top_k\":20}\n");
        assertThat(blobText(layers.get(4).path("digest").asText())).isEqualTo("[{\"role\":\"user\",\"content\":\"hi\"}]\n");
        JsonNode show = server.post("/api/show", "{\"model\":\"derived:v2\"}").json();
        assertThat(show.path("details").path("parent_model").asText()).isEqualTo("base:latest");
        assertThat(show.path("system").asText()).isEqualTo("You are terse.");
    }

    @Test
    void splitGgufIsMergedIntoOneModel() throws IOException {
        GgufMetadata first = TinyGguf.llamaMetadata();
        first.put("split.no", GgufValueType.UINT16, (short) 0).put("split.count", GgufValueType.UINT16, (short) 2)
                .put("split.tensors.count", GgufValueType.INT32, 2);
        GgufMetadata second = new GgufMetadata().put("split.no", GgufValueType.UINT16, (short) 1)
                .put("split.count", GgufValueType.UINT16, (short) 2).put("split.tensors.count", GgufValueType.INT32, 2);
        Path a = root.resolve("model-00001-of-00002.gguf"), b = root.resolve("model-00002-of-00002.gguf");
        new GgufWriter(first).addTensor("token_embd.weight", GgmlType.F32, new long[]{8, 6}, GgufWriter.TensorSource.ofFloats(new float[48])).write(a);
        new GgufWriter(second).addTensor("output_norm.weight", GgmlType.F32, new long[]{8}, GgufWriter.TensorSource.ofFloats(new float[8])).write(b);
        String da = server.upload(a), db = server.upload(b);
        var r = server.post("/api/create", "{\"model\":\"split\",\"files\":{\"model-00002-of-00002.gguf\":\"" + db + "\",\"model-00001-of-00002.gguf\":\"" + da + "\"}}");
        assertThat(statuses(r)).startsWith("parsing GGUF", "parsing GGUF", "merging 2 split GGUF files").endsWith("writing manifest", "success");
        JsonNode m = manifest("split", "latest");
        assertThat(m.path("layers").size()).isEqualTo(1);
        assertThat(m.path("layers").get(0).path("digest").asText()).as("the merge of the shards is the unsplit file").isEqualTo(tinyDigest);

        var wrongName = server.post("/api/create", "{\"model\":\"split2\",\"stream\":false,\"files\":{\"a.gguf\":\"" + da + "\",\"b.gguf\":\"" + db + "\"}}");
        assertThat(wrongName.status()).isEqualTo(400);
        assertThat(wrongName.error()).isEqualTo("split GGUF \"a.gguf\" must use llama.cpp split filename pattern");
        var missingShard = server.post("/api/create", "{\"model\":\"split3\",\"stream\":false,\"files\":{\"model-00001-of-00002.gguf\":\"" + da + "\"}}");
        assertThat(missingShard.error()).isEqualTo("split GGUF \"model-00001-of-00002.gguf\" has 1 shards, expected 2");
    }

    @Test
    void theRealTestModelsCreate() throws IOException {
        for (Path p : List.of(TestData.stories260K(), TestData.tinyRandomLlama())) {
            var r = server.createFromFile(p.getFileName().toString().replace(".gguf", "").toLowerCase(), p, null);
            assertThat(r.status()).as(p.toString()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"status\":\"success\"}");
        }
        JsonNode show = server.post("/api/show", "{\"model\":\"llama-2-tiny-random\"}").json();
        assertThat(show.path("details").path("family").asText()).isEqualTo("llama");
        assertThat(show.path("capabilities").get(0).asText()).isEqualTo("completion");
    }

    @Test
    void requestErrorsAre400BeforeAnythingIsStreamed() throws IOException {
        expect400("{\"model\":\"x\"}", "neither 'from' or 'files' was specified");
        expect400("{\"model\":\"x\",\"files\":{\"../up.gguf\":\"" + tinyDigest + "\"}}", "file path must be relative");
        expect400("{\"model\":\"x\",\"files\":{\"/abs.gguf\":\"" + tinyDigest + "\"}}", "file path must be relative");
        expect400("{\"model\":\"x\",\"files\":{\"a.gguf\":\"sha256:../../etc/passwd\"}}", "invalid digest format");
        expect400("{\"model\":\"x\",\"files\":{\"a.gguf\":\"\"}}", "invalid digest format");
        expect400("{\"model\":\"../x\",\"files\":{\"a.gguf\":\"" + tinyDigest + "\"}}", "invalid model name");
        expect400("{\"files\":{\"a.gguf\":\"" + tinyDigest + "\"}}", "invalid model name");
        expect400("{\"model\":\"x\",\"files\":{\"model.safetensors\":\"" + tinyDigest + "\"}}",
                "creating a model from safetensors files is not supported by jollama yet; convert the model to GGUF first");
        expect400("{\"model\":\"x\",\"files\":{}}", "unknown type");
        expect400("{\"model\":\"x\",\"from\":\"a/b/c/d/e\"}", "invalid model name");
        expect400("{\"model\":\"x\",\"from\":\"tiny\",\"remote_host\":\"http://elsewhere\"}", "remote models are not supported by jollama");
        expect400("{\"model\":\"x\",\"stream\":\"no\",\"from\":\"y\"}", "json: cannot unmarshal string into Go struct field CreateRequest.stream of type bool");
        assertThat(server.post("/api/create", "").error()).isEqualTo("missing request body");
        var missing = server.post("/api/create", "{\"model\":\"x\",\"from\":\"nosuchmodel\"}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.error()).isEqualTo("model 'nosuchmodel' not found");
        assertThat(Files.exists(models.resolve("manifests/registry.ollama.ai/library/x"))).isFalse();
    }

    @Test
    void contentErrorsAfterTheFirstStatusEndTheStream() throws IOException {
        Path text = Files.writeString(root.resolve("notes.gguf"), "not a model at all", StandardCharsets.UTF_8);
        String digest = server.upload(text);
        var streamed = server.post("/api/create", "{\"model\":\"bad\",\"files\":{\"notes.gguf\":\"" + digest + "\"}}");
        assertThat(streamed.status()).isEqualTo(200);
        assertThat(statuses(streamed)).containsExactly("parsing GGUF", "error: supplied file was not in GGUF format");
        expect400("{\"model\":\"bad\",\"stream\":false,\"files\":{\"notes.gguf\":\"" + digest + "\"}}", "supplied file was not in GGUF format");

        byte[] whole = Files.readAllBytes(tiny);
        Path truncated = Files.write(root.resolve("truncated.gguf"), java.util.Arrays.copyOf(whole, whole.length - 100));
        var r = server.post("/api/create", "{\"model\":\"bad\",\"stream\":false,\"files\":{\"t.gguf\":\"" + server.upload(truncated) + "\"}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).contains("beyond the end of the file");
        String unknownBlob = "sha256:" + "0".repeat(64);
        var never = server.post("/api/create", "{\"model\":\"bad\",\"stream\":false,\"files\":{\"x.gguf\":\"" + unknownBlob + "\"}}");
        assertThat(never.status()).isEqualTo(400);
        assertThat(never.error()).startsWith("blob \"" + unknownBlob + "\" for file \"x.gguf\" not found");
        assertThat(Files.exists(models.resolve("manifests/registry.ollama.ai/library/bad"))).isFalse();
    }

    @Test
    void parametersTemplateAndLicenseAreChecked() throws IOException {
        String files = "\"files\":{\"tiny.gguf\":\"" + tinyDigest + "\"}";
        expect400("{\"model\":\"p\",\"stream\":false," + files + ",\"parameters\":{\"temperature\":\"hot\"}}", "invalid float value [hot]");
        expect400("{\"model\":\"p\",\"stream\":false," + files + ",\"parameters\":{\"num_ctx\":true}}", "option \"num_ctx\" must be of type integer");
        expect400("{\"model\":\"p\",\"stream\":false," + files + ",\"parameters\":{\"stop\":[1]}}", "option \"stop\" must be of an array of strings");
        expect400("{\"model\":\"p\",\"stream\":false," + files + ",\"parameters\":{\"flavour\":1}}", "unknown parameter 'flavour'");
        expect400("{\"model\":\"p\",\"stream\":false," + files + ",\"template\":\"{{ .Prompt \"}", "template error: template: :1: unclosed action");
        expect400("{\"model\":\"p\",\"stream\":false," + files + ",\"license\":42}", "invalid license type: number");
        var typed = server.post("/api/create", "{\"model\":\"typed\",\"stream\":false," + files + ",\"parameters\":{\"temperature\":\"0.25\","
                + "\"use_mmap\":\"false\",\"num_predict\":\"-1\",\"mirostat\":2,\"stop\":null}}");
        assertThat(typed.status()).isEqualTo(200);
        String params = manifest("typed", "latest").path("layers").get(1).path("digest").asText();
        assertThat(blobText(params)).isEqualTo("{\"num_predict\":-1,\"temperature\":0.25,\"use_mmap\":false}\n");
    }

    private static void expect400(String body, String error) {
        var r = server.post("/api/create", body);
        assertThat(r.status()).as(body).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.error()).as(body).isEqualTo(error);
    }
}
