package dev.jollama.server.routes;

import dev.jollama.server.Version;
import dev.jollama.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GeneralRoutesTest {
    @TempDir
    static Path models;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(models, Map.of("OLLAMA_ORIGINS", "https://app.example.com,https://*.trusted.dev"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void rootAndVersion() {
        var root = server.get("/");
        assertThat(root.status()).isEqualTo(200);
        assertThat(root.body()).isEqualTo("Ollama is running");
        assertThat(root.header("Content-Type")).startsWith("text/plain");
        assertThat(server.head("/").status()).isEqualTo(200);
        var version = server.get("/api/version");
        assertThat(version.body()).isEqualTo("{\"version\":\"" + Version.OLLAMA_API + "\"}");
        assertThat(version.header("Content-Type")).startsWith("application/json");
        assertThat(server.head("/api/version").status()).isEqualTo(200);
        assertThat(server.get("/api/status").json().path("cloud").path("disabled").asBoolean()).isTrue();
    }

    @Test
    void unknownPathAndWrongMethodArePlainText() {
        var missing = server.get("/api/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("404 page not found");
        var wrong = server.send("GET", "/api/show", (String) null);
        assertThat(wrong.status()).isEqualTo(405);
        assertThat(wrong.body()).isEqualTo("405 method not allowed");
        assertThat(server.send("PUT", "/api/tags", "{}").status()).isEqualTo(405);
        assertThat(server.head("/api/ps").status()).isEqualTo(405);
    }

    @Test
    void wrongMethodNamesTheRoutesMethodsInGinsOrder() {
        String[][] cases = {{"POST", "/", "HEAD, GET"}, {"GET", "/api/generate", "POST"}, {"HEAD", "/api/chat", "POST"},
                {"HEAD", "/api/ps", "GET"}, {"HEAD", "/api/status", "GET"}, {"POST", "/api/tags", "HEAD, GET"},
                {"GET", "/api/blobs/sha256:00", "HEAD, POST"}, {"POST", "/api/delete", "DELETE"}, {"OPTIONS", "/api/version", "HEAD, GET"},
                {"HEAD", "/v1/models", "GET"}};
        for (String[] c : cases) {
            var r = server.send(c[0], c[1], (String) null);
            assertThat(r.status()).as(c[0] + " " + c[1]).isEqualTo(405);
            assertThat(r.header("Allow")).as(c[0] + " " + c[1]).isEqualTo(c[2]);
        }
        assertThat(server.head("/api/tags").status()).isEqualTo(200);
        assertThat(server.head("/api/tags").header("Allow")).isNull();
    }

    @Test
    void anExtraTrailingSlashIsRedirectedAsGinDoes() {
        var get = server.get("/api/tags/?verbose=1&x=2");
        assertThat(get.status()).isEqualTo(301);
        assertThat(get.header("Location")).isEqualTo("/api/tags?verbose=1&x=2");
        assertThat(get.body()).isEqualTo("<a href=\"/api/tags?verbose=1&amp;x=2\">Moved Permanently</a>.\n\n");
        var post = server.post("/api/show/", "{\"model\":\"x\"}");
        assertThat(post.status()).isEqualTo(307);
        assertThat(post.header("Location")).isEqualTo("/api/show");
        assertThat(post.body()).isEmpty();
        assertThat(server.head("/api/version/").status()).isEqualTo(307);
        // only to a route of the same method, and never for a path that is not a route without its slash
        assertThat(server.post("/api/tags/", "{}").status()).isEqualTo(404);
        assertThat(server.get("/api/nope/").status()).isEqualTo(404);
        assertThat(server.get("/").status()).isEqualTo(200);
    }

    @Test
    void corsAllowsLocalAndConfiguredOrigins() {
        for (String origin : new String[]{"http://localhost", "http://localhost:3000", "https://127.0.0.1:8443", "app://obsidian.md",
                "vscode-webview://abc", "https://app.example.com", "https://x.trusted.dev"}) {
            var r = server.send("GET", "/api/version", (String) null, "Origin", origin);
            assertThat(r.status()).as(origin).isEqualTo(200);
            assertThat(r.header("Access-Control-Allow-Origin")).as(origin).isEqualTo(origin);
            assertThat(r.header("Vary")).isEqualTo("Origin");
        }
    }

    @Test
    void corsRejectsOtherOriginsWithAnEmpty403() {
        for (String origin : new String[]{"https://evil.example.com", "chrome-extension://abcdef", "http://localhost.evil.com"}) {
            var r = server.send("POST", "/api/show", "{\"model\":\"x\"}", "Origin", origin);
            assertThat(r.status()).as(origin).isEqualTo(403);
            assertThat(r.body()).isEmpty();
        }
    }

    @Test
    void preflightAnswers204WithTheAllowedHeaders() {
        var r = server.send("OPTIONS", "/api/chat", (String) null, "Origin", "http://localhost:5173",
                "Access-Control-Request-Method", "POST");
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:5173");
        assertThat(r.header("Access-Control-Allow-Methods")).isEqualTo("GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS");
        assertThat(r.header("Access-Control-Allow-Headers")).startsWith("Authorization,Content-Type,User-Agent,Accept,X-Requested-With,Openai-Beta,X-Stainless-Arch");
        assertThat(r.header("Access-Control-Max-Age")).isEqualTo("43200");
        assertThat(r.headers().allValues("Vary")).containsExactly("Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers");
    }

    @Test
    void starAllowsEveryOrigin(@TempDir Path other) {
        try (TestServer open = TestServer.start(other, Map.of("OLLAMA_ORIGINS", "*"))) {
            var r = open.send("GET", "/api/version", (String) null, "Origin", "https://anything.example");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
        }
    }

    @Test
    void hostGuardOnLoopbackRejectsForeignHostNames() throws IOException {
        assertThat(rawStatus("GET", "evil.example.com")).isEqualTo(403);
        assertThat(rawStatus("GET", "evil.example.com:11434")).isEqualTo(403);
        assertThat(rawStatus("GET", "8.8.8.8")).isEqualTo(403);
        assertThat(rawStatus("GET", "localhost:11434")).isEqualTo(200);
        assertThat(rawStatus("GET", "127.0.0.1")).isEqualTo(200);
        assertThat(rawStatus("GET", "192.168.1.20:11434")).isEqualTo(200);
        assertThat(rawStatus("GET", "[::1]:11434")).isEqualTo(200);
        assertThat(rawStatus("GET", "printer.local")).isEqualTo(200);
        assertThat(rawStatus("GET", "svc.internal")).isEqualTo(200);
        assertThat(rawStatus("GET", "app.localhost")).isEqualTo(200);
        assertThat(rawStatus("OPTIONS", "localhost")).isEqualTo(204);
    }

    /** Sends a request with a Host header of our choosing (HttpClient does not allow setting it). */
    private static int rawStatus(String method, String host) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write((method + " /api/version HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }
}
