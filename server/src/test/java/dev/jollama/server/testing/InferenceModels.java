package dev.jollama.server.testing;

import dev.jollama.api.Json;
import dev.jollama.testing.TestData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The models the generate/chat tests talk to, created through /api/create as a user would: stories260K (a real
 * tiny Llama, no template), llama-2-tiny-random with its Modelfile's parameters, and tiny-random variants with real
 * templates (Ollama's chatml with a SYSTEM and MESSAGEs, Llama 3.1's tool template, a template that thinks).
 */
public final class InferenceModels {
    private InferenceModels() {}

    public static final String STORIES = "stories", TINY = "tiny", CHATML = "tiny-chatml", TOOLS = "tiny-tools", THINK = "tiny-think",
            FIM = "tiny-fim", STORIES_THINK = "stories-think";

    /** A template whose prompt ends inside {@code <think>} when thinking is on, so every token is thinking. */
    public static final String THINKING_TEMPLATE = """
            {{- range .Messages }}{{ .Role }}: {{ if .Thinking }}<think>{{ .Thinking }}</think>{{ end }}{{ .Content }}
            {{ end }}assistant: {{ if .Think }}<think>{{ end }}""";

    /**
     * A template that makes stories260K "think" until its first full stop: the thinking tags are "Lily" and ".", and
     * the prompt ends with "Lily" when thinking is on. So a real model's output moves from thinking to answer.
     */
    public static final String STORIES_THINKING_TEMPLATE = """
            {{- range .Messages }}{{ if .Thinking }}Lily{{ .Thinking }}.{{ end }}{{ .Content }}{{ end }}{{ if .Think }} Lily{{ end }}""";

    /** A code model's fill-in-the-middle template (CodeLlama's infill format). */
    public static final String FIM_TEMPLATE = "{{- if .Suffix }}<PRE> {{ .Prompt }} <SUF>{{ .Suffix }} <MID>{{- else }}{{ .Prompt }}{{- end }}";

    public static void createAll(TestServer s) {
        create(s, STORIES, TestData.stories260K(), Map.of());
        create(s, TINY, TestData.tinyRandomLlama(), Map.of("parameters", Map.of("seed", 42, "top_p", 0.9, "stop", java.util.List.of("foo", "bar"))));
        Map<String, Object> chatml = new LinkedHashMap<>();
        chatml.put("template", resource("ollama-templates/chatml.gotmpl"));
        chatml.put("system", "You are a tiny random model.");
        chatml.put("messages", java.util.List.of(Map.of("role", "user", "content", "Who are you?"), Map.of("role", "assistant", "content", "A test.")));
        create(s, CHATML, TestData.tinyRandomLlama(), chatml);
        create(s, TOOLS, TestData.tinyRandomLlama(), Map.of("template", testResource("gotmpl/registry/llama3.1-tools.gotmpl")));
        create(s, THINK, TestData.tinyRandomLlama(), Map.of("template", THINKING_TEMPLATE));
        create(s, FIM, TestData.tinyRandomLlama(), Map.of("template", FIM_TEMPLATE));
        create(s, STORIES_THINK, TestData.stories260K(), Map.of("template", STORIES_THINKING_TEMPLATE));
    }

    /** Uploads the GGUF unless the store has it (as Ollama's CLI does), then creates the model. */
    public static void create(TestServer s, String name, Path gguf, Map<String, Object> extra) {
        try {
            String digest = TestServer.sha256(gguf);
            if (s.head("/api/blobs/" + digest).status() != 200) s.upload(gguf);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("model", name);
            body.put("stream", false);
            body.put("files", Map.of(gguf.getFileName().toString(), digest));
            body.putAll(extra);
            TestServer.Response r = s.post("/api/create", Json.write(body));
            if (r.status() != 200) throw new IllegalStateException("create " + name + " failed: " + r.status() + " " + r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A built-in template as shipped in the server's resources. */
    static String resource(String path) {
        try (var in = InferenceModels.class.getResourceAsStream("/" + path)) {
            if (in == null) throw new IllegalStateException("no resource " + path);
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String testResource(String path) {
        return resource(path);
    }

    /** A copy of a GGUF with {@code tokenizer.chat_template} set, as a converted Hugging Face model carries it. */
    public static Path withChatTemplate(Path src, Path dst, String jinja) {
        try (dev.jollama.engine.gguf.GgufFile f = dev.jollama.engine.gguf.GgufFile.open(src)) {
            dev.jollama.engine.gguf.GgufMetadata md = f.metadata();
            md.putString("tokenizer.chat_template", jinja);
            dev.jollama.engine.gguf.GgufWriter w = new dev.jollama.engine.gguf.GgufWriter(md);
            for (dev.jollama.engine.gguf.GgufTensorInfo t : f.tensors().values()) {
                w.addTensor(t.name(), t.type(), t.shape(), dev.jollama.engine.gguf.GgufWriter.TensorSource.of(f.tensorData(t)));
            }
            w.write(dst);
            return dst;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The llama.cpp greedy continuation of stories260K (testdata/models/stories260K.greedy.json). */
    public static com.fasterxml.jackson.databind.JsonNode storiesGreedy() {
        try {
            return Json.mapper().readTree(Files.readString(TestData.repo("models/stories260K.greedy.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
