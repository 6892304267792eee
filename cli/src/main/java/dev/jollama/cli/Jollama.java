package dev.jollama.cli;

import dev.jollama.api.client.OllamaClient;
import dev.jollama.server.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The root command: {@code jollama -v} prints the versions, bare {@code jollama} the help. */
@Command(name = "jollama", description = "Large language model runner", customSynopsis = "jollama")
final class Jollama implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--version"}, description = "Show version information")
    boolean version;

    @Option(names = "--verbose", description = "Show timings for response")
    boolean verbose;

    @Option(names = "--nowordwrap", description = "Don't wrap words to the next line automatically")
    boolean noWordWrap;

    @Option(names = {"-h", "--help"}, usageHelp = true)
    boolean help;

    @Override
    public Integer call() {
        if (!version) {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }
        // As Ollama: the server's version, and a warning when this client's differs or no server answers.
        String server = null;
        try {
            server = OllamaClient.fromEnvironment().version();
        } catch (Exception e) {
            System.out.println("Warning: could not connect to a running jollama instance");
        }
        if (server != null && !server.isEmpty()) System.out.println("jollama version is " + server);
        if (!Version.OLLAMA_API.equals(server)) System.out.println("Warning: client version is " + Version.OLLAMA_API);
        return 0;
    }
}
