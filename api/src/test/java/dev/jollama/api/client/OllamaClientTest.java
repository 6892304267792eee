package dev.jollama.api.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jollama.api.ChatRequest;
import dev.jollama.api.ChatResponse;
import dev.jollama.api.Message;
import dev.jollama.api.ProgressResponse;
import dev.jollama.api.PullRequest;
import dev.jollama.api.ShowRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's handling of the wire (stream framing, error shapes, cancel, blob upload) against a tiny HTTP peer
 * answering the ways Ollama answers; the end-to-end tests against jollama's server are in the cli module.
 */
class OllamaClientTest {
    private HttpServer server;

    private OllamaClient serve(String path, Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(path, exchange -> {
            try {
                handler.handle(exchange);
            } catch (IOException e) {
                // the client went away
            } finally {
                exchange.close();
            }
        });
        server.start();
        return new OllamaClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) ex.getResponseBody().write(b);
    }

    @Test
    void errorsCarryTheServersText() throws Exception {
        OllamaClient client = serve("/api/show", ex -> answer(ex, 404, "{\"error\":\"model 'nope' not found\"}"));
        assertThatThrownBy(() -> client.show(ShowRequest.of("nope", false)))
                .isInstanceOf(OllamaException.class).hasMessage("model 'nope' not found")
                .satisfies(e -> assertThat(((OllamaException) e).statusCode()).isEqualTo(404));
    }

    @Test
    void nonJsonErrorBodiesAreShownAsTheyAre() throws Exception {
        OllamaClient client = serve("/api/show", ex -> answer(ex, 405, "405 method not allowed"));
        assertThatThrownBy(() -> client.show(ShowRequest.of("x", false))).hasMessage("405 method not allowed");
    }

    @Test
    void streamedErrorsBeforeTheFirstByteCarryTheStatusLine() throws Exception {
        OllamaClient client = serve("/api/pull", ex -> answer(ex, 400, "{\"error\":\"invalid model name\"}"));
        assertThatThrownBy(() -> client.pull(PullRequest.of("!"), p -> {}))
                .isInstanceOf(OllamaException.class).hasMessage("400 Bad Request: invalid model name");
    }

    @Test
    void plainTextErrorsOfStreamedRequestsAreShownWithTheStatus() throws Exception {
        OllamaClient client = serve("/api/pull", ex -> answer(ex, 404, "404 page not found"));
        assertThatThrownBy(() -> client.pull(PullRequest.of("x"), p -> {}))
                .isInstanceOf(OllamaException.class).hasMessage("404 Not Found: 404 page not found");
    }

    @Test
    void errorLinesMidStreamEndTheStreamWithTheirText() throws Exception {
        OllamaClient client = serve("/api/pull", ex -> answer(ex, 200,
                "{\"status\":\"pulling manifest\"}\r\n\n{\"error\":\"pull model manifest: file does not exist\"}\n"));
        List<ProgressResponse> seen = new ArrayList<>();
        assertThatThrownBy(() -> client.pull(PullRequest.of("x"), seen::add))
                .isInstanceOf(OllamaException.class).hasMessage("pull model manifest: file does not exist");
        assertThat(seen).containsExactly(ProgressResponse.of("pulling manifest"));
    }

    @Test
    void linesUpTo8MegabytesAreRead() throws Exception {
        String big = "x".repeat(NdjsonReader.MAX_LINE - 100);
        OllamaClient client = serve("/api/chat", ex -> answer(ex, 200,
                "{\"message\":{\"role\":\"assistant\",\"content\":\"" + big + "\"},\"done\":true}\n"));
        List<ChatResponse> seen = new ArrayList<>();
        client.chat(ChatRequest.of("m", List.of(Message.of("user", "hi"))), seen::add);
        assertThat(seen).singleElement().satisfies(r -> assertThat(r.message().content()).hasSize(big.length()));
    }

    @Test
    void longerLinesAreAnError() throws Exception {
        String big = "x".repeat(NdjsonReader.MAX_LINE);
        OllamaClient client = serve("/api/chat", ex -> answer(ex, 200, "{\"x\":\"" + big + "\"}\n"));
        assertThatThrownBy(() -> client.chat(ChatRequest.of("m", List.of()), r -> {}))
                .hasMessage("bufio.Scanner: token too long");
    }

    @Test
    void closingAStreamFromAnotherThreadCancelsIt() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        OllamaClient client = serve("/api/chat", ex -> {
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            try {
                for (int i = 0; i < 600; i++) {
                    out.write("{\"message\":{\"role\":\"assistant\",\"content\":\"tick \"},\"done\":false}\n".getBytes());
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (IOException | InterruptedException e) {
                clientGone.countDown();
            }
        });
        ResponseStream<ChatResponse> stream = client.chat(ChatRequest.of("m", List.of()));
        assertThat(stream.read().message().content()).isEqualTo("tick ");
        Thread.ofVirtual().start(stream::close);
        while (stream.read() != null) {
            // drains until the cancel lands
        }
        assertThat(stream.cancelled()).isTrue();
        assertThat(clientGone.await(10, TimeUnit.SECONDS)).as("server saw the connection drop").isTrue();
    }

    @Test
    void blobsAreCheckedAndUploadedWithProgress(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.gguf");
        Files.write(file, new byte[300_000]);
        AtomicBoolean stored = new AtomicBoolean();
        AtomicLong received = new AtomicLong();
        OllamaClient client = serve("/api/blobs/", ex -> {
            switch (ex.getRequestMethod()) {
                case "HEAD" -> answer(ex, stored.get() ? 200 : 404, "");
                case "POST" -> {
                    received.set(ex.getRequestBody().readAllBytes().length);
                    stored.set(true);
                    answer(ex, 201, "");
                }
                default -> answer(ex, 405, "");
            }
        });
        assertThat(client.hasBlob("sha256:abc")).isFalse();
        List<Long> progress = new ArrayList<>();
        client.createBlob("sha256:abc", file, progress::add);
        assertThat(received.get()).isEqualTo(300_000);
        assertThat(progress).isNotEmpty().last().isEqualTo(300_000L);
        assertThat(client.hasBlob("sha256:abc")).isTrue();
    }

    @Test
    void noServerIsAConnectException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        OllamaClient client = new OllamaClient(URI.create("http://127.0.0.1:" + port));
        assertThatThrownBy(client::heartbeat).isInstanceOf(ConnectException.class);
    }
}
