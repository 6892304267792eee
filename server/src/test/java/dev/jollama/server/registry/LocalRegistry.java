package dev.jollama.server.registry;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real registry for tests: Debian's {@code docker-registry} (CNCF distribution 2.8) on a free loopback port,
 * with its storage and config in a temporary directory. When the binary is missing it is installed with apt-get
 * (as .ci/run does); when that is impossible the calling test is skipped, saying so.
 */
final class LocalRegistry implements AutoCloseable {
    static final String BINARY = "/usr/bin/docker-registry";

    private final Process process;
    final int port;
    final Path dir;

    private LocalRegistry(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** "127.0.0.1:port". */
    String authority() {
        return "127.0.0.1:" + port;
    }

    /** Starts a registry; {@code authYaml} is the config's {@code auth:} section (empty for none). */
    static LocalRegistry start(Path dir, String authYaml) throws IOException, InterruptedException {
        return start(dir, authYaml, null);
    }

    /** As {@link #start(Path, String)}, speaking https with {@code tls} when it is not null. */
    static LocalRegistry start(Path dir, String authYaml, TestCertificate tls) throws IOException, InterruptedException {
        ensureInstalled();
        int port = freePort();
        Path storage = Files.createDirectories(dir.resolve("storage"));
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: warn
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                  secret: jollama-test-secret
                %s
                %s
                """.formatted(storage, port, tls == null ? "" : "  tls: {certificate: %s, key: %s}".formatted(tls.certificate(), tls.key()), authYaml));
        ProcessBuilder pb = new ProcessBuilder(BINARY, "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile());
        pb.environment().put("OTEL_TRACES_EXPORTER", "none");
        Process p = pb.start();
        LocalRegistry r = new LocalRegistry(p, port, dir);
        r.awaitReady(tls);
        return r;
    }

    private void awaitReady(TestCertificate tls) throws IOException, InterruptedException {
        HttpClient http = tls == null ? HttpClient.newHttpClient() : HttpClient.newBuilder().sslContext(tls.trust()).build();
        String scheme = tls == null ? "http" : "https";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(scheme + "://" + authority() + "/v2/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200 || r.statusCode() == 401) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        close();
        throw new IOException("docker-registry did not start: " + Files.readString(dir.resolve("registry.log")));
    }

    private static void ensureInstalled() throws InterruptedException {
        if (Files.isExecutable(Path.of(BINARY))) return;
        try {
            Process p = new ProcessBuilder("apt-get", "install", "-y", "-q", "docker-registry").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(300, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no apt-get
        }
        Assumptions.assumeTrue(Files.isExecutable(Path.of(BINARY)),
                "skipped: needs Debian's docker-registry package (apt-get install -y docker-registry) and could not install it");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Whether something listens on the port (for tests that kill it). */
    boolean listening() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
