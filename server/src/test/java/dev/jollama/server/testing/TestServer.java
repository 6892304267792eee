package dev.jollama.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.Json;
import dev.jollama.server.JollamaServer;
import dev.jollama.server.ServerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** A real jollama server on a free loopback port over a given model store, and a small HTTP client for it. */
public final class TestServer implements AutoCloseable {
    private final JollamaServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;

    private TestServer(JollamaServer server) {
        this.server = server;
        this.base = URI.create("http://127.0.0.1:" + server.port());
    }

    /** The jollama home of test servers (the registry key goes there), removed when the JVM exits. */
    private static final Path TEST_HOME = testHome();

    private static Path testHome() {
        try {
            Path home = Files.createTempDirectory("jollama-test-home");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var files = Files.walk(home)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // best effort
                }
            }));
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestServer start(Path models) {
        return start(models, Map.of());
    }

    /** {@code env} adds or overrides Ollama variables (OLLAMA_NOPRUNE, OLLAMA_ORIGINS, ...). */
    public static TestServer start(Path models, Map<String, String> env) {
        Map<String, String> all = new HashMap<>();
        all.put("OLLAMA_HOST", "127.0.0.1:0");
        all.put("OLLAMA_MODELS", models.toString());
        all.put("JOLLAMA_HOME", TEST_HOME.toString()); // never the real ~/.jollama
        all.putAll(env);
        return new TestServer(JollamaServer.start(ServerConfig.from(all)));
    }

    public int port() {
        return server.port();
    }

    public JollamaServer server() {
        return server;
    }

    /** An HTTP answer: status, body text, headers; {@link #json()} parses the body. */
    public record Response(int status, String body, HttpHeaders headers) {
        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        /** The body's NDJSON lines, parsed. */
        public List<JsonNode> lines() {
            List<JsonNode> out = new ArrayList<>();
            for (String line : body.split("\n")) {
                if (line.isBlank()) continue;
                try {
                    out.add(Json.mapper().readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException("not a JSON line: " + line, e);
                }
            }
            return out;
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String error() {
            return json().path("error").asText(null);
        }
    }

    public Response get(String path) {
        return send("GET", path, (String) null);
    }

    public Response head(String path) {
        return send("HEAD", path, (String) null);
    }

    public Response post(String path, String body) {
        return send("POST", path, body);
    }

    public Response delete(String path, String body) {
        return send("DELETE", path, body);
    }

    public Response send(String method, String path, String body, String... headers) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return sendBody(method, path, publisher, headers);
    }

    public Response sendBody(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).method(method, body);
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Uploads a file as a blob (POST /api/blobs/sha256:...) and returns its digest. */
    public String upload(Path file) throws IOException {
        String digest = sha256(file);
        Response r = sendBody("POST", "/api/blobs/" + digest, HttpRequest.BodyPublishers.ofFile(file));
        if (r.status() != 201 && r.status() != 200) throw new IllegalStateException("upload failed: " + r);
        return digest;
    }

    /** Creates a model from a GGUF file (upload, then create with stream:false) and returns the answer. */
    public Response createFromFile(String name, Path gguf, String extraJson) throws IOException {
        String digest = upload(gguf);
        String body = "{\"model\":\"" + name + "\",\"stream\":false,\"files\":{\"" + gguf.getFileName() + "\":\"" + digest + "\"}"
                + (extraJson == null || extraJson.isEmpty() ? "" : "," + extraJson) + "}";
        return post("/api/create", body);
    }

    public static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            }
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
