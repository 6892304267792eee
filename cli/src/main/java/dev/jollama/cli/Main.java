package dev.jollama.cli;

import dev.jollama.server.JollamaServer;
import dev.jollama.server.ServerConfig;
import dev.jollama.server.Version;

/** Entry point of the jollama command. For now: {@code serve}, and the version otherwise. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("serve")) {
            serve();
            return;
        }
        System.out.println("jollama " + Version.OLLAMA_API);
    }

    /** Starts the server from the environment (OLLAMA_HOST, OLLAMA_MODELS, ...) and runs until killed. */
    static void serve() throws InterruptedException {
        ServerConfig config = ServerConfig.fromEnvironment();
        JollamaServer.configureLogging(config);
        JollamaServer server = JollamaServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Thread.currentThread().join();
    }
}
