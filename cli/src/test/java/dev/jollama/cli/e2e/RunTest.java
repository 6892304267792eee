package dev.jollama.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jollama.testing.TestData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jollama run} against a real server with the built-in stories:260k: one-shot answers and the interactive
 * chat in a terminal (tmux). Needs /api/generate and /api/chat; while the server does not serve them yet the tests
 * are skipped, saying so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunTest {
    static final String MODEL = "stories:260k";

    Path dir;
    JollamaServer server;
    Cli cli;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        server = new JollamaServer(dir);
        cli = new Cli(server);
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) server.close();
    }

    private void assumeGeneration() throws Exception {
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://" + server.host() + "/api/generate"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"prompt\":\"Once\",\"stream\":false,"
                        + "\"options\":{\"num_predict\":2}}")).build();
        int status = HttpClient.newHttpClient().send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
        assumeTrue(status == 200, "the server does not generate yet (POST /api/generate answered " + status + ")");
    }

    @Test
    void oneShotPrintsAStory() throws Exception {
        assumeGeneration();
        Cli.Result r = cli.run("run", MODEL, "Once upon a time", "--verbose");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out().strip()).as("a story").hasSizeGreaterThan(20);
        assertThat(r.out()).endsWith("\n\n").doesNotContain("\033[");
        assertThat(r.err()).contains("total duration:", "eval count:", "eval rate:").containsPattern("eval rate: +[0-9]+\\.[0-9]{2} tokens/s");
    }

    @Test
    void stdinIsThePrompt() throws Exception {
        assumeGeneration();
        Cli.Result r = cli.runWithInput("Once upon a time", "run", MODEL);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out().strip()).hasSizeGreaterThan(20);
    }

    @Test
    void interactiveChat() throws Exception {
        assumeGeneration();
        try (Tmux t = new Tmux(dir, 100, 40, Jvm.shellLine(server.home, "run", MODEL), "OLLAMA_HOST=" + server.host())) {
            t.waitFor(">>> Send a message (/? for help)");
            t.enter("/set parameter num_predict 12");
            t.waitFor("Set parameter 'num_predict' to '12'");
            t.enter("/set parameter seed 7");
            t.enter("/set verbose");
            t.waitFor("Set 'verbose' mode.");
            t.enter("Once upon a time");
            String answered = t.waitFor(s -> s.contains("eval rate:") && s.strip().endsWith(">>> Send a message (/? for help)"), "an answer");
            assertThat(answered).contains(">>> Once upon a time");

            t.enter("\"\"\"Lily went");
            t.waitFor("... Press Enter to send");
            t.enter("to the park\"\"\"");
            t.waitFor(s -> s.split("eval rate:", -1).length == 3, "a second answer");

            t.enter("/show parameters");
            t.waitFor("User defined parameters:");
            assertThat(t.waitFor("num_predict")).containsPattern("seed +7");

            t.enter("/set think");
            t.waitFor("warning: model \"" + MODEL + "\" does not support thinking output");
            t.enter("/set nothink");
            t.enter("/bogus");
            t.waitFor("Unknown command '/bogus'. Type /? for help");
            t.enter("/?");
            t.waitFor("/? shortcuts    Help for keyboard shortcuts");
            t.press("C-c");
            t.waitFor("Use Ctrl + d or /bye to exit.");
            t.enter("/bye");
            assertThat(t.waitForExit()).isZero();
        }
        assertThat(Files.readString(server.home.resolve(".jollama/history"))).contains("Once upon a time", "/bye");
    }

    @Test
    void embeddingModelsPrintTheVector() throws Exception {
        Path gguf = TestData.requireShared("models/all-minilm-l6-v2-f16.gguf");
        Files.writeString(dir.resolve("MiniLM"), "FROM " + gguf + "\n");
        Cli.Result created = cli.run("create", "minilm", "-f", "MiniLM");
        assertThat(created.code()).as(created.toString()).isZero();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://" + server.host() + "/api/embed"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"minilm\",\"input\":\"hi\"}")).build();
        int status = HttpClient.newHttpClient().send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
        assumeTrue(status == 200, "the server does not embed yet (POST /api/embed answered " + status + ")");
        Cli.Result r = cli.run("run", "minilm", "hello world");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).matches("\\[-?[0-9][0-9.e-]*(,-?[0-9][0-9.e-]*){383}]\n");
        assertThat(cli.run("run", "minilm").err()).isEqualTo(
                "Error: embedding models require input text. Usage: jollama run minilm \"your text here\"\n");
    }

    @Test
    void ctrlCStopsTheAnswerNotTheSession() throws Exception {
        assumeGeneration();
        try (Tmux t = new Tmux(dir, 100, 40, Jvm.shellLine(server.home, "run", MODEL), "OLLAMA_HOST=" + server.host())) {
            t.waitFor(">>> Send a message");
            t.enter("/set parameter num_predict 100000");
            t.enter("/set parameter temperature 1.5");
            t.enter("Once upon a time");
            t.waitFor(s -> s.contains(">>> Once upon a time\n") && !s.substring(s.indexOf(">>> Once upon a time\n") + 21).isBlank(),
                    "some answer");
            t.press("C-c");
            t.waitFor(s -> s.strip().endsWith(">>> Send a message (/? for help)"), "the prompt back");
            // Ctrl+C at once after Enter: the request may not be sent yet, or the key may still reach the line
            // reader (then it is the next prompt's Ctrl+C and the answer runs to its end, hence a short answer)
            t.enter("/set parameter num_predict 16");
            t.waitFor("Set parameter 'num_predict' to '16'");
            t.type("Lily");
            t.waitFor(">>> Lily");
            t.press("Enter", "C-c");
            t.waitFor(s -> s.strip().endsWith(">>> Send a message (/? for help)")
                    && !s.substring(s.lastIndexOf(">>> Lily")).strip().equals(">>> Lily"),
                    "the prompt back after an early Ctrl+C");
            t.press("C-d");
            assertThat(t.waitForExit()).isZero();
        }
    }
}
