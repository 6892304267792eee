package dev.jollama.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.server.testing.TestServer;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** OLLAMA_MODELS pointed at a store laid out as Ollama writes it: its models are served as they are. */
class OllamaStoreTest {
    @TempDir
    Path models;

    private String blob(byte[] content, boolean legacyName) throws Exception {
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        Files.createDirectories(models.resolve("blobs"));
        Files.write(models.resolve("blobs/sha256" + (legacyName ? ":" : "-") + hex), content);
        return "sha256:" + hex;
    }

    private String blob(String content) throws Exception {
        return blob(content.getBytes(StandardCharsets.UTF_8), false);
    }

    private static String layer(String mediaType, String digest, long size) {
        return "{\"mediaType\":\"application/vnd.ollama.image." + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    private void manifest(String path, String config, long configSize, String... layers) throws IOException {
        Path p = models.resolve("manifests").resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"config\":"
                + "{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"digest\":\"" + config + "\",\"size\":" + configSize + "},"
                + "\"layers\":[" + String.join(",", layers) + "]}");
    }

    @Test
    void ollamasModelsAreListedAndShownUnchanged() throws Exception {
        byte[] gguf = Files.readAllBytes(TestData.tinyRandomLlama());
        String model = blob(gguf, false);
        String template = "{{- if .System }}<|start_header_id|>system<|end_header_id|>\n\n{{ .System }}<|eot_id|>{{ end }}"
                + "{{ range .Messages }}<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n{{ .Content }}<|eot_id|>{{ end }}";
        String templateDigest = blob(template.getBytes(StandardCharsets.UTF_8), true);
        String params = "{\"stop\":[\"\\u003c|start_header_id|\\u003e\",\"\\u003c|end_header_id|\\u003e\",\"\\u003c|eot_id|\\u003e\"],\"temperature\":0.6}";
        String paramsDigest = blob(params);
        String license = "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT";
        String licenseDigest = blob(license);
        String config = "{\"model_format\":\"gguf\",\"model_family\":\"llama\",\"model_families\":[\"llama\"],\"model_type\":\"3.2B\","
                + "\"file_type\":\"Q4_K_M\",\"architecture\":\"amd64\",\"os\":\"linux\"}";
        String configDigest = blob(config);
        manifest("registry.ollama.ai/library/llama3.2/latest", configDigest, config.length(),
                layer("model", model, gguf.length), layer("template", templateDigest, template.length()),
                layer("license", licenseDigest, license.length()), layer("params", paramsDigest, params.length()));
        // A model pulled from Hugging Face, and an old one with the legacy "prompt" media type and no config.
        manifest("hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF/Q4_K_M", configDigest, config.length(), layer("model", model, gguf.length));
        manifest("registry.ollama.ai/library/old/7b", "", 0, layer("model", model, gguf.length), layer("prompt", templateDigest, template.length()));
        // What Ollama itself leaves around: an interrupted download, and a directory whose name is no model name.
        Path partial = Files.writeString(models.resolve("blobs/sha256-" + "e".repeat(64) + "-partial-0"), "{}");
        Files.setLastModifiedTime(partial, FileTime.from(Instant.now().minusSeconds(7200)));
        Files.createDirectories(models.resolve("manifests/registry.ollama.ai/library/Bad Name"));
        Files.writeString(models.resolve("manifests/registry.ollama.ai/library/Bad Name/latest"), "{}");
        byte[] manifestBefore = Files.readAllBytes(models.resolve("manifests/registry.ollama.ai/library/llama3.2/latest"));

        try (TestServer server = TestServer.start(models)) {
            JsonNode tags = server.get("/api/tags").json().path("models");
            assertThat(tags.findValuesAsText("name")).containsExactlyInAnyOrder("llama3.2:latest", "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", "old:7b");
            JsonNode llama = null;
            for (JsonNode m : tags) if (m.path("name").asText().equals("llama3.2:latest")) llama = m;
            assertThat(llama.path("size").asLong()).isEqualTo(gguf.length + template.length() + license.length() + params.length() + config.length());
            assertThat(llama.path("digest").asText()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifestBefore)));
            assertThat(llama.path("details").path("quantization_level").asText()).isEqualTo("Q4_K_M");
            assertThat(llama.path("details").path("parameter_size").asText()).isEqualTo("3.2B");

            JsonNode show = server.post("/api/show", "{\"model\":\"llama3.2\"}").json();
            assertThat(show.path("template").asText()).isEqualTo(template);
            assertThat(show.path("license").asText()).isEqualTo(license);
            assertThat(show.path("parameters").asText()).isEqualTo(String.join("\n",
                    "stop                           \"<|start_header_id|>\"",
                    "stop                           \"<|end_header_id|>\"",
                    "stop                           \"<|eot_id|>\"",
                    "temperature                    0.6"));
            assertThat(show.path("modelfile").asText()).contains("PARAMETER stop <|eot_id|>\nPARAMETER temperature 0.6\nLICENSE " + license + "\n");
            JsonNode old = server.post("/api/show", "{\"model\":\"old:7b\"}").json();
            assertThat(old.path("template").asText()).isEqualTo(template);
            assertThat(old.path("details").path("format").asText()).isEmpty();
        }
        assertThat(Files.readAllBytes(models.resolve("manifests/registry.ollama.ai/library/llama3.2/latest"))).isEqualTo(manifestBefore);
        assertThat(models.resolve("blobs/sha256-" + templateDigest.substring(7))).as("legacy blob name fixed as Ollama fixes it").exists();
        assertThat(partial).as("pruned like Ollama prunes it").doesNotExist();
        assertThat(new ModelStore(models).names()).hasSize(3);
    }

    @Test
    void ollamasOwnConfigWithFileTypeUnknownFallsBackToTheGguf() throws Exception {
        byte[] gguf = Files.readAllBytes(TestData.tinyRandomLlama());
        String model = blob(gguf, false);
        String config = "{\"model_format\":\"gguf\",\"model_family\":\"llama\",\"model_families\":null,\"model_type\":\"4.1M\",\"file_type\":\"unknown\",\"architecture\":\"amd64\",\"os\":\"linux\"}";
        manifest("registry.ollama.ai/library/tiny/latest", blob(config), config.length(), layer("model", model, gguf.length));
        try (TestServer server = TestServer.start(models, Map.of("OLLAMA_NOPRUNE", "true"))) {
            JsonNode details = server.get("/api/tags").json().path("models").get(0).path("details");
            assertThat(details.path("quantization_level").asText()).isEqualTo("F16");
            assertThat(details.path("families").isNull()).isTrue();
            assertThat(server.post("/api/show", "{\"model\":\"tiny\"}").json().path("details").path("quantization_level").asText()).isEqualTo("F16");
        }
    }
}
