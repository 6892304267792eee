package dev.jollama.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jollama serve}: runs the server in this process. */
@Command(name = "serve", aliases = "start", description = "Start jollama", customSynopsis = "jollama serve")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true)
    boolean help;

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("the server is not built yet");
    }
}
