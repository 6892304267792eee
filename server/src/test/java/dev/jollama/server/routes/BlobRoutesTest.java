package dev.jollama.server.routes;

import dev.jollama.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class BlobRoutesTest {
    @TempDir
    static Path root;
    static Path models;
    static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        models = Files.createDirectories(root.resolve("models"));
        server = TestServer.start(models);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String digest(String content) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void uploadThenHeadThenUploadAgain() throws Exception {
        String d = digest("hello blob");
        var head = server.head("/api/blobs/" + d);
        assertThat(head.status()).isEqualTo(404);
        var created = server.post("/api/blobs/" + d, "hello blob");
        assertThat(created.status()).isEqualTo(201);
        assertThat(Files.readString(models.resolve("blobs/sha256-" + d.substring(7)))).isEqualTo("hello blob");
        assertThat(server.head("/api/blobs/" + d).status()).isEqualTo(200);
        assertThat(server.head("/api/blobs/sha256-" + d.substring(7)).status()).isEqualTo(200);
        assertThat(server.post("/api/blobs/" + d, "hello blob").status()).isEqualTo(200);
    }

    @Test
    void createNamingABlobNeverUploadedIs400() throws Exception {
        String d = digest("never uploaded");
        var r = server.send("POST", "/api/create", "{\"model\":\"x\",\"files\":{\"a.gguf\":\"" + d + "\"},\"stream\":false}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(server.head("/api/blobs/" + d).status()).isEqualTo(404);
    }

    @Test
    void digestMismatchKeepsNothing() throws Exception {
        String claimed = digest("something else");
        var r = server.post("/api/blobs/" + claimed, "the real content");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("digest mismatch, expected \"" + claimed + "\", got \"" + digest("the real content") + "\"");
        assertThat(server.head("/api/blobs/" + claimed).status()).isEqualTo(404);
        assertThat(server.head("/api/blobs/" + digest("the real content")).status()).isEqualTo(404);
        try (Stream<Path> files = Files.list(models.resolve("blobs"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(claimed.substring(7)) || n.startsWith(".tmp"));
        }
    }

    @Test
    void malformedDigestsAre400AndWriteNothingOutsideTheStore() throws Exception {
        List<String> bad = List.of("sha256:abc", "sha256:" + "A".repeat(64), "md5:" + "a".repeat(64), "sha256-" + "a".repeat(63) + "g",
                "sha256:" + "a".repeat(65), "..%2F..%2Fescape", "sha256-..%2F..%2F..%2Fescape", "%2E%2E", "sha256:" + "a".repeat(64) + "%2F..%2F..%2Fx");
        for (String d : bad) {
            var post = server.post("/api/blobs/" + d, "payload");
            assertThat(post.status()).as(d).isIn(400, 404);
            if (post.status() == 400 && post.body().startsWith("{")) assertThat(post.error()).as(d).isEqualTo("invalid digest format");
            assertThat(server.head("/api/blobs/" + d).status()).as(d).isIn(400, 404);
        }
        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()))
                    .allMatch(p -> p.matches("models/blobs/sha256-[0-9a-f]{64}") || p.startsWith("models/manifests/registry.ollama.ai/library/")
                            || p.equals("models/.jollama.lock"));
        }
    }
}
