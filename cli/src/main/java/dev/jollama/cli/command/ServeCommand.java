package dev.jollama.cli.command;

import dev.jollama.server.JollamaServer;
import dev.jollama.server.ServerConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jollama serve}: runs the server in this process, configured from the environment, until killed. */
@Command(name = "serve", aliases = "start", description = "Start jollama", customSynopsis = "jollama serve")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true)
    boolean help;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = ServerConfig.fromEnvironment();
        JollamaServer.configureLogging(config);
        JollamaServer server = JollamaServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Thread.currentThread().join();
        return 0;
    }
}
