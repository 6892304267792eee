package dev.jollama.server.compat;

import dev.jollama.server.sched.Scheduler;
import dev.jollama.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client of an API dialect that closes its connection mid-answer stops its generation and frees its slot, as on
 * the native paths (Ollama cancels the request's context): with one slot, a request queued behind an abandoned
 * generation of millions of tokens is served.
 */
class CompatDisconnectTest {
    @TempDir
    static Path models;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(models, Map.of("OLLAMA_NUM_PARALLEL", "1", "OLLAMA_NOPRUNE", "1"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time\"}]";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/v1/chat/completions | \"max_tokens\":10000000," + MESSAGES,
            "/v1/completions      | \"max_tokens\":10000000,\"prompt\":\"Once upon a time\"",
            "/v1/responses        | \"max_output_tokens\":10000000,\"input\":\"Once upon a time\"",
            "/v1/messages         | \"max_tokens\":10000000," + MESSAGES})
    void anAbandonedAnswerFreesTheOnlySlot(String path, String fields) throws Exception {
        Scheduler scheduler = server.server().scheduler();
        for (boolean stream : new boolean[]{true, false}) {
            String body = "{\"model\":\"stories:260k\",\"stream\":" + stream + "," + fields + "}";
            try (Socket abandoned = post(path, body)) {
                if (stream) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(abandoned.getInputStream(), StandardCharsets.UTF_8));
                    String line;
                    while ((line = in.readLine()) != null && !line.startsWith("data:")) {
                        // status line, headers, event names
                    }
                    assertThat(line).as(path).isNotNull();
                }
                // the one slot is the abandoned answer's once a short request has to queue; a short request served
                // at once came first (the abandoned one then queued behind it and has the slot now), so ask again
                CompletableFuture<TestServer.Response> queued = null;
                for (int attempt = 0; attempt < 5 && (queued == null || queued.isDone()); attempt++) {
                    queued = CompletableFuture.supplyAsync(() -> server.post(path, "{\"model\":\"stories:260k\",\"stream\":false,"
                            + fields.replace("10000000", "3") + "}"));
                    CompletableFuture<TestServer.Response> q = queued;
                    await(path + ": a short request to queue or finish", () -> q.isDone() || scheduler.waiting() == 1);
                }
                assertThat(queued.isDone()).as(path + ": the long answer never held the slot").isFalse();
                abandoned.close();
                TestServer.Response served = queued.get(120, TimeUnit.SECONDS);
                assertThat(served.status()).as(path + " " + served.body()).isEqualTo(200);
            }
        }
    }

    private static Socket post(String path, String body) throws Exception {
        Socket socket = new Socket("127.0.0.1", server.port());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return socket;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }
}
