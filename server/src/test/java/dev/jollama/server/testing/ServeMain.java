package dev.jollama.server.testing;

import dev.jollama.server.JollamaServer;
import dev.jollama.server.ServerConfig;

import java.util.Map;

/** Run in a separate JVM by the crash tests: a server on a free port over the given store; prints "PORT <n>". */
public final class ServeMain {
    private ServeMain() {}

    public static void main(String[] args) throws InterruptedException {
        JollamaServer server = JollamaServer.start(ServerConfig.from(Map.of("OLLAMA_HOST", "127.0.0.1:0", "OLLAMA_MODELS", args[0])));
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
