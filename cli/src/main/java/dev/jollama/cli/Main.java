package dev.jollama.cli;

import dev.jollama.api.client.OllamaException;
import dev.jollama.cli.command.BenchCommand;
import dev.jollama.cli.command.CopyCommand;
import dev.jollama.cli.command.CreateCommand;
import dev.jollama.cli.command.ListCommand;
import dev.jollama.cli.command.PsCommand;
import dev.jollama.cli.command.PullCommand;
import dev.jollama.cli.command.PushCommand;
import dev.jollama.cli.command.RemoveCommand;
import dev.jollama.cli.command.RunCommand;
import dev.jollama.cli.command.ServeCommand;
import dev.jollama.cli.command.ShowCommand;
import dev.jollama.cli.command.StopCommand;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of the jollama command: Ollama's command line, run against jollama's (or Ollama's) server. */
public final class Main {
    private Main() {}

    static final String NO_SERVER = "could not connect to jollama server, run 'jollama serve' to start it";

    private static final List<String[]> HOST = List.<String[]>of(new String[] {"OLLAMA_HOST", "IP Address for the jollama server (default 127.0.0.1:11434)"});
    private static final Map<String, List<String[]>> ENVIRONMENT = Map.ofEntries(
            Map.entry("run", List.<String[]>of(HOST.getFirst(),
                    new String[] {"OLLAMA_NOHISTORY", "Do not preserve readline history"})),
            Map.entry("serve", List.<String[]>of(
                    new String[] {"OLLAMA_DEBUG", "Show additional debug information (e.g. OLLAMA_DEBUG=1)"},
                    HOST.getFirst(),
                    new String[] {"OLLAMA_CONTEXT_LENGTH", "Context length to use unless otherwise specified (default: 4096)"},
                    new String[] {"OLLAMA_KEEP_ALIVE", "The duration that models stay loaded in memory (default \"5m\")"},
                    new String[] {"OLLAMA_MAX_LOADED_MODELS", "Maximum number of loaded models"},
                    new String[] {"OLLAMA_MAX_QUEUE", "Maximum number of queued requests"},
                    new String[] {"OLLAMA_MODELS", "The path to the models directory"},
                    new String[] {"OLLAMA_NUM_PARALLEL", "Maximum number of parallel requests"},
                    new String[] {"OLLAMA_NOPRUNE", "Do not prune model blobs on startup"},
                    new String[] {"OLLAMA_ORIGINS", "A comma separated list of allowed origins"})),
            Map.entry("create", HOST), Map.entry("show", HOST), Map.entry("stop", HOST), Map.entry("pull", HOST),
            Map.entry("push", HOST), Map.entry("list", HOST), Map.entry("ps", HOST), Map.entry("cp", HOST),
            Map.entry("rm", HOST),
            Map.entry("bench", List.<String[]>of(new String[] {"OLLAMA_KV_CACHE_TYPE", "KV cache type unless -ctk is given: f16 (default), q8_0"})));

    public static void main(String[] args) {
        int code = run(args);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line and returns the exit code (errors are printed as Ollama prints them). */
    public static int run(String... args) {
        CommandLine cl = commandLine();
        return cl.execute(RunCommand.normalizeThinkFlag(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Jollama());
        for (Object sub : List.of(new ServeCommand(), new CreateCommand(), new ShowCommand(), new RunCommand(),
                new StopCommand(), new PullCommand(), new PushCommand(), new ListCommand(), new PsCommand(),
                new CopyCommand(), new RemoveCommand(), new BenchCommand())) {
            cl.addSubcommand(sub);
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new PrintWriter(System.out, true));
        cl.setErr(new PrintWriter(System.err, true));
        cl.setParameterExceptionHandler(Main::badUsage);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("Error: " + message(e));
            commandLine.getErr().flush();
            return 1;
        });
        CobraHelp.install(cl, ENVIRONMENT);
        return cl;
    }

    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String msg = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException u && u.getUnmatched().getFirst().startsWith("-")) {
            msg = "unknown flag: " + u.getUnmatched().getFirst();
        } else if (e instanceof CommandLine.UnmatchedArgumentException u && cl.getCommandSpec().parent() == null) {
            msg = "unknown command \"" + u.getUnmatched().getFirst() + "\" for \"jollama\"\nRun 'jollama --help' for usage.";
        }
        cl.getErr().println("Error: " + msg);
        cl.getErr().flush();
        return 1;
    }

    /** The text after "Error: " for a failure, with Ollama's wording for a server that does not answer. */
    public static String message(Throwable e) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof ConnectException || cause instanceof UnresolvedAddressException) return NO_SERVER;
            if (cause instanceof OllamaException) return cause.getMessage();
            cause = cause.getCause();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
