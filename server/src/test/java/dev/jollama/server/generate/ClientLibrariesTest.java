package dev.jollama.server.generate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.Json;
import dev.langchain4j.model.StreamingResponseHandler;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaLanguageModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingLanguageModel;
import dev.langchain4j.model.output.Response;
import dev.jollama.server.testing.InferenceModels;
import dev.jollama.server.testing.TestServer;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.jollama.server.testing.InferenceModels.STORIES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real client libraries, used as their users use them, against a real jollama server: the {@code ollama} npm
 * package (installed by this test into {@code target/ollama-js} from {@code src/test/js}) and LangChain4j's Ollama
 * models. stories260K answers at temperature 0, so every client must see llama.cpp's greedy text.
 */
class ClientLibrariesTest {
    @TempDir
    static Path store;
    static TestServer server;
    static String base;
    /** What llama.cpp's greedy decoding of stories260K gives for the first 12 tokens after "Once upon a time". */
    static String expected;

    @BeforeAll
    static void start() {
        server = TestServer.start(store, Map.of("OLLAMA_NOPRUNE", "1"));
        InferenceModels.create(server, STORIES, TestData.stories260K(), Map.of());
        base = "http://127.0.0.1:" + server.port();
        expected = server.post("/api/generate", Json.write(Map.of("model", STORIES, "prompt", "Once upon a time", "raw", true, "stream", false,
                "options", Map.of("temperature", 0, "num_predict", 12)))).json().get("response").asText();
        assertThat(InferenceModels.storiesGreedy().get("text").asText()).startsWith(expected);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void ollamaJs() throws Exception {
        Path dir = installOllamaJs();
        Path script = dir.resolve("ollama-js-client.mjs");
        Files.copy(jsSource().resolve("ollama-js-client.mjs"), script, StandardCopyOption.REPLACE_EXISTING);
        Run r = run(dir, 120, "node", script.toString(), base, STORIES);
        assertThat(r.exit()).as(r.output()).isZero();
        JsonNode out = Json.mapper().readTree(r.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
        assertThat(out.get("generate").get("response").asText()).isEqualTo(expected);
        assertThat(out.get("generate").get("done_reason").asText()).isEqualTo("length");
        assertThat(out.get("generateStream").get("text").asText()).isEqualTo(expected);
        assertThat(out.get("generateStream").get("eval_count").asInt()).isEqualTo(12);
        assertThat(out.get("chat").get("message").get("content").asText()).isEqualTo(expected);
        assertThat(out.get("chat").get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(out.get("chatStream").get("content").asText()).isEqualTo(expected);
        assertThat(out.get("chatStream").get("done").asBoolean()).isTrue();
        assertThat(out.get("list").get("models").get(0).get("name").asText()).isEqualTo("stories:latest");
        assertThat(out.get("ps").get("models").get(0).get("name").asText()).isEqualTo("stories:latest");
        assertThat(out.get("missing").get("error").asText()).isEqualTo("model 'no-such-model' not found");
        assertThat(out.get("missing").get("status_code").asInt()).isEqualTo(404);
    }

    @Test
    void langChain4jChatAndLanguageModels() throws Exception {
        OllamaChatModel chat = OllamaChatModel.builder().baseUrl(base).modelName(STORIES).temperature(0.0).numPredict(12).build();
        assertThat(chat.chat("Once upon a time")).isEqualTo(expected);

        OllamaStreamingChatModel streamingChat = OllamaStreamingChatModel.builder().baseUrl(base).modelName(STORIES).temperature(0.0)
                .numPredict(12).build();
        StringBuilder partial = new StringBuilder();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        streamingChat.chat("Once upon a time", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String text) {
                partial.append(text);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse complete = done.get(60, TimeUnit.SECONDS);
        assertThat(partial.toString()).isEqualTo(expected);
        assertThat(complete.aiMessage().text()).isEqualTo(expected);
        assertThat(complete.tokenUsage().outputTokenCount()).isEqualTo(12);

        OllamaLanguageModel language = OllamaLanguageModel.builder().baseUrl(base).modelName(STORIES).temperature(0.0).numPredict(12).build();
        assertThat(language.generate("Once upon a time").content()).isEqualTo(expected);

        OllamaStreamingLanguageModel streamingLanguage = OllamaStreamingLanguageModel.builder().baseUrl(base).modelName(STORIES)
                .temperature(0.0).numPredict(12).build();
        StringBuilder tokens = new StringBuilder();
        CompletableFuture<Response<String>> finished = new CompletableFuture<>();
        streamingLanguage.generate("Once upon a time", new StreamingResponseHandler<>() {
            @Override
            public void onNext(String token) {
                tokens.append(token);
            }

            @Override
            public void onComplete(Response<String> response) {
                finished.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                finished.completeExceptionally(error);
            }
        });
        finished.get(60, TimeUnit.SECONDS);
        assertThat(tokens.toString()).isEqualTo(expected);
    }

    private static Path jsSource() {
        return TestData.root().resolve("server/src/test/js");
    }

    /** npm ci of the pinned ollama package into target/ollama-js, once; skips the test when npm is absent. */
    private static Path installOllamaJs() throws Exception {
        Run npm = tryRun(Path.of("."), "npm", "--version");
        Assumptions.assumeTrue(npm != null && npm.exit() == 0, "skipped: npm is not installed, so the ollama npm package cannot be tested");
        Path dir = TestData.root().resolve("server/target/ollama-js");
        if (Files.isDirectory(dir.resolve("node_modules/ollama"))) return dir;
        Files.createDirectories(dir);
        for (String f : List.of("package.json", "package-lock.json")) {
            Files.copy(jsSource().resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Run install = run(dir, 300, "npm", "ci", "--no-audit", "--no-fund");
        assertThat(install.exit()).as("npm ci failed:\n" + install.output()).isZero();
        return dir;
    }

    private record Run(int exit, String output) {}

    private static Run tryRun(Path dir, String... cmd) {
        try {
            return run(dir, 60, cmd);
        } catch (Exception e) {
            return null;
        }
    }

    private static Run run(Path dir, int timeoutSeconds, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
        }
        return new Run(p.exitValue(), output.join());
    }
}
