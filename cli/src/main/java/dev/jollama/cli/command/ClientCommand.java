package dev.jollama.cli.command;

import dev.jollama.api.client.OllamaClient;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A command that talks to the server: it checks the argument count as Ollama words it, then that a server
 * answers ({@code HEAD /}), then runs.
 */
abstract class ClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true)
    boolean help;

    @Parameters(hidden = true)
    List<String> args = List.of();

    protected final PrintStream out = System.out;
    protected final PrintStream err = System.err;
    protected OllamaClient client;

    /** Exactly this many arguments (-1: any number). */
    protected int exactArgs() {
        return -1;
    }

    /** At least this many arguments. */
    protected int minArgs() {
        return 0;
    }

    protected abstract int run() throws Exception;

    @Override
    public final Integer call() throws Exception {
        int n = args.size();
        if (exactArgs() >= 0 && n != exactArgs()) {
            throw new IllegalArgumentException("accepts " + exactArgs() + " arg(s), received " + n);
        }
        if (n < minArgs()) {
            throw new IllegalArgumentException("requires at least " + minArgs() + " arg(s), only received " + n);
        }
        client = OllamaClient.fromEnvironment();
        client.heartbeat();
        return run();
    }
}
