package dev.jollama.server.compat;

import dev.jollama.server.testing.TestServer;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official {@code openai} and {@code @anthropic-ai/sdk} npm packages, used as their users use them (node test
 * files in {@code src/test/sdk/}), against a real jollama on a free port. The packages are installed with
 * {@code npm ci} from the committed lock file into {@code target/sdk-clients} (skipped, with a message, only when
 * npm is absent). The inference files run once the native chat and embed paths are served: until then they are
 * skipped with a message saying so.
 */
class SdkClientsTest {
    private static final Path SOURCES = Path.of("src/test/sdk");
    private static final Path INSTALL = Path.of("target/sdk-clients");

    @TempDir
    static Path models;
    static TestServer server;

    @BeforeAll
    static void setUp() throws Exception {
        Assumptions.assumeTrue(onPath("npm") && onPath("node"), "skipped: npm and node are not installed, so the OpenAI and Anthropic SDK tests cannot run");
        install();
        server = TestServer.start(models);
        assertThat(server.post("/api/copy", "{\"source\":\"stories:260k\",\"destination\":\"myorg/story:v1\"}").status()).isEqualTo(200);
        TestServer.Response tools = server.createFromFile(TOOLS_MODEL, TestData.stories260K(), "\"template\":" + dev.jollama.api.Json.write(TOOLS_TEMPLATE));
        assertThat(tools.status()).as(tools.body()).isEqualTo(200);
    }

    /** stories260K behind a template that takes tools (the tools capability), for the forced tool calls. */
    static final String TOOLS_MODEL = "story-tools";
    static final String TOOLS_TEMPLATE = """
            {{- if .Tools }}Tools:{{ range .Tools }} {{ .Function.Name }}{{ end }}
            {{ end }}{{ range .Messages }}{{ .Role }}: {{ .Content }}
            {{ end }}assistant:""";
    static final Map<String, String> MODELS = Map.of("JOLLAMA_CHAT_MODEL", "stories:260k", "JOLLAMA_TOOLS_MODEL", TOOLS_MODEL);

    @AfterAll
    static void tearDown() {
        if (server != null) server.close();
    }

    @Test
    void theToolsModelTakesTools() {
        assertThat(server.post("/api/show", "{\"model\":\"" + TOOLS_MODEL + "\"}").json().path("capabilities").toString()).contains("\"tools\"");
    }

    @Test
    void openAiModelsAndErrors() throws Exception {
        node("openai-basics.test.mjs", Map.of());
    }

    @Test
    void anthropicErrors() throws Exception {
        node("anthropic-basics.test.mjs", Map.of());
    }

    @Test
    void openAiChatCompletionsAndResponses() throws Exception {
        assumeServed("/api/chat");
        node("openai-inference.test.mjs", MODELS);
    }

    @Test
    void anthropicMessages() throws Exception {
        assumeServed("/api/chat");
        node("anthropic-inference.test.mjs", MODELS);
    }

    @Test
    void openAiEmbeddings() throws Exception {
        assumeServed("/api/embed");
        Path minilm = TestData.requireShared("models/all-minilm-l6-v2-f16.gguf");
        TestServer.Response created = server.createFromFile("all-minilm", minilm, "");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        node("openai-embeddings.test.mjs", Map.of("JOLLAMA_EMBED_MODEL", "all-minilm"));
    }

    /**
     * Skips until the native endpoint the dialect translates onto is served: until then the router answers its
     * plain 404 (a served endpoint answers an empty request with a JSON error).
     */
    private static void assumeServed(String path) {
        TestServer.Response r = server.post(path, "{}");
        boolean missing = (r.status() == 404 && r.body().strip().equals("404 page not found")) || r.status() == 405 || r.status() == 501;
        Assumptions.assumeFalse(missing, "skipped: " + path + " is not served by this build yet, so the SDK calls that run a model cannot be tested");
    }

    /** Runs one node test file against the server; fails with node's report when a test fails. */
    private static void node(String file, Map<String, String> env) throws Exception {
        Files.copy(SOURCES.resolve(file), INSTALL.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        ProcessBuilder pb = new ProcessBuilder("node", "--test", "--test-reporter=spec", file).directory(INSTALL.toFile()).redirectErrorStream(true);
        pb.environment().put("JOLLAMA_URL", "http://127.0.0.1:" + server.port());
        pb.environment().putAll(env);
        Result r = run(pb, 600);
        System.out.println(r.output());
        assertThat(r.exit()).as("node --test %s:%n%s", file, r.output()).isZero();
    }

    /** npm ci from the committed lock file, once per lock file content. */
    private static void install() throws Exception {
        Files.createDirectories(INSTALL);
        String lock = Files.readString(SOURCES.resolve("package-lock.json"));
        Path stamp = INSTALL.resolve(".installed-lock");
        if (Files.exists(stamp) && Files.readString(stamp).equals(lock) && Files.isDirectory(INSTALL.resolve("node_modules"))) return;
        for (String f : List.of("package.json", "package-lock.json")) Files.copy(SOURCES.resolve(f), INSTALL.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        Result r = run(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(INSTALL.toFile()).redirectErrorStream(true), 600);
        assertThat(r.exit()).as("npm ci in %s:%n%s", INSTALL, r.output()).isZero();
        Files.writeString(stamp, lock);
    }

    private record Result(int exit, String output) {}

    private static Result run(ProcessBuilder pb, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                out.append(new String(p.getInputStream().readAllBytes()));
            } catch (IOException e) {
                out.append(e);
            }
        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join();
            return new Result(-1, out + "\n(timed out after " + timeoutSeconds + " s)");
        }
        reader.join();
        return new Result(p.exitValue(), out.toString());
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) return true;
        }
        return false;
    }
}
