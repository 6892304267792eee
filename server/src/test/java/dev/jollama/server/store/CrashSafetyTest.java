package dev.jollama.server.store;

import dev.jollama.server.testing.ChildJvm;
import dev.jollama.server.testing.HangingCreate;
import dev.jollama.server.testing.ServeMain;
import dev.jollama.server.testing.TestServer;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Processes killed in the middle of writing to the store leave no half model and no half blob behind. */
class CrashSafetyTest {

    @Test
    void aCreateKilledJustBeforeItsManifestLeavesNoModel(@TempDir Path models) throws Exception {
        try (ChildJvm child = ChildJvm.start(HangingCreate.class, models.toString(), "crashy", TestData.stories260K().toString(), "writing manifest")) {
            child.awaitLine("HALTED");
            child.kill();
        }
        ModelStore store = new ModelStore(models);
        assertThat(store.names()).isEmpty();
        assertThat(blobs(models)).as("the GGUF, system, params and config blobs were written").hasSize(4);
        String system = digestOf("a system prompt only this model has");
        String params = digestOf("{\"temperature\":0.1}\n");
        assertThat(store.hasBlob(system)).isTrue();
        assertThat(store.hasBlob(params)).isTrue();
        try (TestServer server = TestServer.start(models, Map.of("OLLAMA_NOPRUNE", "1"))) {
            assertThat(server.post("/api/show", "{\"model\":\"crashy\"}").status()).isEqualTo(404);
            assertThat(server.get("/api/tags").json().path("models").toString()).doesNotContain("crashy");
        }
        // An hour later the orphans go at the next start; what the built-in model (installed meanwhile) uses stays.
        for (Path p : blobs(models)) Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(2 * 3600)));
        store.prune();
        assertThat(store.hasBlob(system)).isFalse();
        assertThat(store.hasBlob(params)).isFalse();
        try (TestServer server = TestServer.start(models, Map.of("OLLAMA_NOPRUNE", "1"))) {
            assertThat(server.post("/api/show", "{\"model\":\"stories:260k\"}").status()).isEqualTo(200);
        }
    }

    @Test
    void aCreateKilledWhileParsingLeavesNoModelAndTheOldVersionIntact(@TempDir Path models) throws Exception {
        try (TestServer server = TestServer.start(models, Map.of("OLLAMA_NOPRUNE", "1"))) {
            assertThat(server.createFromFile("crashy", TestData.tinyRandomLlama(), null).status()).isEqualTo(200);
        }
        byte[] before = Files.readAllBytes(models.resolve("manifests/registry.ollama.ai/library/crashy/latest"));
        try (ChildJvm child = ChildJvm.start(HangingCreate.class, models.toString(), "crashy", TestData.stories260K().toString(), "parsing GGUF")) {
            child.awaitLine("HALTED");
            child.kill();
        }
        assertThat(Files.readAllBytes(models.resolve("manifests/registry.ollama.ai/library/crashy/latest"))).isEqualTo(before);
        try (TestServer server = TestServer.start(models, Map.of("OLLAMA_NOPRUNE", "1"))) {
            assertThat(server.post("/api/show", "{\"model\":\"crashy\"}").json().path("model_info").path("general.name").isMissingNode()).isTrue();
            assertThat(server.post("/api/show", "{\"model\":\"crashy\"}").status()).isEqualTo(200);
        }
    }

    @Test
    void aServerKilledDuringABlobUploadKeepsNoPartOfIt(@TempDir Path models) throws Exception {
        byte[] content = new byte[8 << 20];
        new java.util.Random(42).nextBytes(content);
        Path file = Files.write(models.resolveSibling(models.getFileName() + "-upload.bin"), content);
        String digest = TestServer.sha256(file);
        try (ChildJvm child = ChildJvm.start(ServeMain.class, models.toString())) {
            int port = Integer.parseInt(child.awaitLine("PORT ").substring(5));
            try (Socket s = new Socket("127.0.0.1", port)) {
                OutputStream out = s.getOutputStream();
                out.write(("POST /api/blobs/" + digest + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + content.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(content, 0, content.length / 2);
                out.flush();
                waitForTempFile(models);
                child.kill();
            }
        }
        assertThat(Files.exists(models.resolve("blobs/sha256-" + digest.substring(7)))).isFalse();
        try (TestServer server = TestServer.start(models, Map.of("OLLAMA_NOPRUNE", "1"))) {
            assertThat(server.head("/api/blobs/" + digest).status()).isEqualTo(404);
            assertThat(server.upload(file)).isEqualTo(digest);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void waitForTempFile(Path models) throws Exception {
        for (int i = 0; i < 600; i++) {
            try (Stream<Path> s = Files.list(models.resolve("blobs"))) {
                if (s.anyMatch(p -> p.getFileName().toString().startsWith(".tmp-"))) return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the upload never started");
    }

    private static String digestOf(String content) throws Exception {
        return Digests.of(java.security.MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Path> blobs(Path models) throws IOException {
        try (Stream<Path> s = Files.list(models.resolve("blobs"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("sha256-")).toList();
        }
    }
}
