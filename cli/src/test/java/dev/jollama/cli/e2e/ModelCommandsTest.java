package dev.jollama.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.api.modelfile.Instruction;
import dev.jollama.api.modelfile.Instruction.Keyword;
import dev.jollama.api.modelfile.Modelfile;
import dev.jollama.testing.TestData;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** create, show, list, ps, cp, rm, stop, pull, push and the version, each run as a command against a real server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelCommandsTest {

    static final String MODELFILE = """
            # every instruction Ollama's Modelfile has (DRAFT aside: it needs a second model)
            FROM ./tiny.gguf
            ADAPTER ./adapter.gguf
            TEMPLATE \"""{{ if .System }}<|system|>{{ .System }}{{ end }}<|user|>{{ .Prompt }}<|assistant|>{{ .Response }}\"""
            SYSTEM \"""You are a "careful" assistant.
            Answer briefly.\"""
            PARAMETER temperature 0.6
            PARAMETER num_ctx 256
            PARAMETER stop <|user|>
            PARAMETER stop "<|end of turn|>"
            MESSAGE user Is the sky blue?
            MESSAGE assistant Yes.
            license MIT License
            LICENSE \"""Second license
            with two lines\"""
            REQUIRES 0.14.0
            RENDERER qwen3-coder
            PARSER qwen3
            """;

    Path dir;
    JollamaServer server;
    Cli cli;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        server = new JollamaServer(dir);
        cli = new Cli(server);
        Files.copy(TestData.tinyRandomLlama(), dir.resolve("tiny.gguf"));
        Files.copy(TestData.stories260K(), dir.resolve("adapter.gguf"));
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void saysSoWhenNoServerAnswers() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        for (String command : List.of("list", "run")) {
            Cli.Result r = new Cli("127.0.0.1:" + port, server.home, dir).run(command, "stories:260k", "hi");
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("Error: could not connect to jollama server, run 'jollama serve' to start it\n");
        }
    }

    @Test
    void versionIsTheServers() throws Exception {
        Cli.Result r = cli.run("-v");
        assertThat(r.out()).as(r.toString()).isEqualTo("jollama version is " + dev.jollama.server.Version.OLLAMA_API + "\n");
    }

    @Test
    void createThenShowModelfileRoundTrips() throws Exception {
        Files.writeString(dir.resolve("Modelfile"), MODELFILE);
        Cli.Result created = cli.run("create", "every:latest");
        assertThat(created.code()).as(created.toString()).isZero();
        assertThat(created.err()).contains("gathering model components\n", "copying file sha256:", " 100%\n", "success\n");

        Cli.Result shown = cli.run("show", "every", "--modelfile");
        assertThat(shown.code()).as(shown.toString()).isZero();
        Modelfile original = Modelfile.parse(MODELFILE);
        Modelfile generated = Modelfile.parse(shown.out());
        assertThat(withoutPaths(generated)).containsExactlyInAnyOrderElementsOf(withoutPaths(original).stream()
                .filter(i -> i.keyword() != Keyword.REQUIRES).toList());
        assertThat(generated.values(Keyword.FROM)).singleElement().asString().contains("sha256-");

        // the generated Modelfile creates the same model again (its FROM and ADAPTER are blob paths)
        Files.writeString(dir.resolve("Generated"), shown.out());
        Cli.Result again = cli.run("create", "again", "-f", "Generated");
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(cli.run("show", "again", "--modelfile").out())
                .isEqualTo(shown.out().replace("# FROM every:latest", "# FROM again:latest"));

        assertThat(cli.run("show", "every", "--system").out()).isEqualTo("You are a \"careful\" assistant.\nAnswer briefly.");
        assertThat(cli.run("show", "every", "--template").out()).startsWith("{{ if .System }}<|system|>");
        assertThat(cli.run("show", "every", "--license").out()).isEqualTo("MIT License\nSecond license\nwith two lines\n");
        assertThat(cli.run("show", "every", "--parameters").out()).contains("temperature                    0.6",
                "stop                           \"<|user|>\"", "stop                           \"<|end of turn|>\"");
    }

    @Test
    void showPrintsOllamasTables() throws Exception {
        Cli.Result r = cli.run("show", "stories:260k");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("  Model\n    architecture        llama    \n    parameters          260K     \n")
                .contains("    quantization        F32      \n\n  Capabilities\n    completion    \n\n");
        Cli.Result verbose = cli.run("show", "stories:260k", "-v");
        assertThat(verbose.out()).contains("  Metadata\n", "general.architecture", "  Tensors\n", "token_embd.weight");
        Cli.Result two = cli.run("show", "stories:260k", "--license", "--system");
        assertThat(two.err()).isEqualTo("Error: only one of '--license', '--modelfile', '--parameters', '--system', or '--template' can be specified\n");
    }

    @Test
    void listCopyRemove() throws Exception {
        Files.writeString(dir.resolve("Small"), "FROM ./tiny.gguf\nPARAMETER seed 42\n");
        assertThat(cli.run("create", "small", "-f", "Small").code()).isZero();
        assertThat(cli.run("cp", "small", "small-copy").out()).isEqualTo("copied 'small' to 'small-copy'\n");
        Cli.Result list = cli.run("list");
        assertThat(list.out()).startsWith("NAME ").contains("    ID              SIZE ", "MODIFIED ");
        assertThat(list.out()).containsPattern("\nsmall:latest +[0-9a-f]{12}    [0-9.]+ [KM]?B +(Less than a second|1 second|[0-9]+ seconds) ago +\n");
        assertThat(cli.run("ls", "small-").out().lines()).hasSize(2);
        Cli.Result rm = cli.run("rm", "small", "small-copy");
        assertThat(rm.out()).as(rm.toString()).isEqualTo("deleted 'small'\ndeleted 'small-copy'\n");
        assertThat(cli.run("list", "small").out()).isEqualTo("NAME    ID    SIZE    MODIFIED \n");
    }

    @Test
    void errorsAreOllamas() throws Exception {
        assertThat(cli.run("show", "nope").err()).matches("Error: model 'nope(:latest)?' not found\n");
        assertThat(cli.run("show").err()).isEqualTo("Error: accepts 1 arg(s), received 0\n");
        assertThat(cli.run("rm").err()).isEqualTo("Error: requires at least 1 arg(s), only received 0\n");
        assertThat(cli.run("stop", "nope").err()).isEqualTo("Error: couldn't find model \"nope\" to stop\n");
        Files.writeString(dir.resolve("Bad"), "FROM ./tiny.gguf\nSYSTM hello\n");
        Cli.Result bad = cli.run("create", "bad", "-f", "Bad");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).endsWith("Error: (line 2): command must be one of \"from\", \"license\", \"template\", "
                + "\"system\", \"adapter\", \"draft\", \"renderer\", \"parser\", \"parameter\", \"message\", or \"requires\"\n");
        assertThat(cli.run("create", "bad", "-f", "Missing").err()).endsWith("Error: specified Modelfile wasn't found\n");
        Files.writeString(dir.resolve("Quantize"), "FROM ./tiny.gguf\n");
        assertThat(cli.run("create", "Bad Name!", "-f", "Quantize").err()).isEqualTo("Error: invalid model name: Bad Name!\n");
        Cli.Result quantize = cli.run("create", "q", "-f", "Quantize", "-q", "q4_0");
        assertThat(quantize.code()).isEqualTo(1);
        assertThat(quantize.err()).endsWith("Error: unsupported quantization type Q4_0 - supported types are F32, F16, Q4_K_S, Q4_K_M, Q8_0\n");
    }

    @Test
    void createQuantizes() throws Exception {
        Files.writeString(dir.resolve("Stories"), "FROM ./adapter.gguf\n");
        Cli.Result r = cli.run("create", "stories-q8", "-f", "Stories", "--quantize", "q8_0");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out() + r.err()).contains("quantizing F32 model to Q8_0", "verifying conversion", "success");
        assertThat(cli.run("show", "stories-q8").out()).contains("    quantization        Q8_0     \n");
        Cli.Result again = cli.run("create", "stories-q8-again", "-f", "Stories", "-q", "q8_0");
        assertThat(again.out() + again.err()).as("the same conversion gives the same blob").contains("using existing layer sha256:");
    }

    @Test
    void psListsLoadedModels() throws Exception {
        Cli.Result r = cli.run("ps");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("NAME    ID    SIZE    PROCESSOR    CONTEXT    UNTIL ");
    }

    @Test
    void pullAndPushSayWhatTheServerSays() throws Exception {
        for (String command : List.of("pull", "push")) {
            Cli.Result r = cli.run(command, "library/nothing-here:latest");
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("Error: ");
        }
    }

    /** The instructions with the FROM and ADAPTER values left out (they become blob paths). */
    private static List<Instruction> withoutPaths(Modelfile m) {
        return m.instructions().stream()
                .map(i -> i.keyword() == Keyword.FROM || i.keyword() == Keyword.ADAPTER ? Instruction.of(i.keyword(), "") : i)
                .toList();
    }

}
