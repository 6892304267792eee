package dev.jollama.cli.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code jollama serve} in its own JVM on a free port, with a fresh model store and home directory; the CLI
 * under test is run against it ({@link Cli}).
 */
final class JollamaServer implements AutoCloseable {
    final Path dir;
    final Path models;
    final Path home;
    final int port;
    private final Process process;

    JollamaServer(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        this.models = Files.createDirectories(dir.resolve("models"));
        this.home = Files.createDirectories(dir.resolve("home"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(Jvm.command(home, "serve"));
        pb.environment().put("OLLAMA_HOST", host());
        pb.environment().put("OLLAMA_MODELS", models.toString());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        process = pb.start();
        waitUntilUp();
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("server.log"));
    }

    private void waitUntilUp() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest head = HttpRequest.newBuilder(URI.create("http://" + host() + "/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(2)).build();
        for (int i = 0; i < 600; i++) {
            if (!process.isAlive()) throw new IOException("jollama serve exited:\n" + log());
            try {
                if (http.send(head, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IOException("jollama serve did not answer:\n" + log());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
