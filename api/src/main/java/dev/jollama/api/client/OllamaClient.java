package dev.jollama.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.api.ChatRequest;
import dev.jollama.api.ChatResponse;
import dev.jollama.api.CopyRequest;
import dev.jollama.api.CreateRequest;
import dev.jollama.api.DeleteRequest;
import dev.jollama.api.EmbedRequest;
import dev.jollama.api.EmbedResponse;
import dev.jollama.api.EmbeddingRequest;
import dev.jollama.api.EmbeddingResponse;
import dev.jollama.api.GenerateRequest;
import dev.jollama.api.GenerateResponse;
import dev.jollama.api.Json;
import dev.jollama.api.ListResponse;
import dev.jollama.api.OllamaHost;
import dev.jollama.api.ProcessResponse;
import dev.jollama.api.ProgressResponse;
import dev.jollama.api.PullRequest;
import dev.jollama.api.PushRequest;
import dev.jollama.api.ShowRequest;
import dev.jollama.api.ShowResponse;
import dev.jollama.api.StatusResponse;
import dev.jollama.api.VersionResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A client of Ollama's native API (jollama's or Ollama's own server), on java.net.http: every endpoint the Go
 * client has, streamed ones as {@link ResponseStream}s or with a callback per object. Errors the server answers
 * are {@link OllamaException}s with its {@code error} text; a server that does not answer gives the
 * {@link java.net.ConnectException} of the connection.
 */
public final class OllamaClient {
    private static final String USER_AGENT = "jollama (" + System.getProperty("os.arch") + " "
            + System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + ") Java/" + Runtime.version().feature();

    private final URI base;
    private final HttpClient http;
    private final ObjectMapper mapper = Json.mapper();

    public OllamaClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** A client of the server {@code OLLAMA_HOST} names (default http://127.0.0.1:11434). */
    public static OllamaClient fromEnvironment() {
        return new OllamaClient(OllamaHost.parse(System.getenv("OLLAMA_HOST")).connectable().baseUri());
    }

    public URI base() {
        return base;
    }

    /** {@code HEAD /}: returns when the server answers. */
    public void heartbeat() throws IOException {
        call("HEAD", "/", null, null);
    }

    public String version() throws IOException {
        return call("GET", "/api/version", null, VersionResponse.class).version();
    }

    public StatusResponse status() throws IOException {
        return call("GET", "/api/status", null, StatusResponse.class);
    }

    /** {@code GET /api/tags}: the local models. */
    public ListResponse list() throws IOException {
        return call("GET", "/api/tags", null, ListResponse.class);
    }

    /** {@code GET /api/ps}: the loaded models. */
    public ProcessResponse ps() throws IOException {
        return call("GET", "/api/ps", null, ProcessResponse.class);
    }

    public ShowResponse show(ShowRequest request) throws IOException {
        return call("POST", "/api/show", request, ShowResponse.class);
    }

    public void copy(CopyRequest request) throws IOException {
        call("POST", "/api/copy", request, null);
    }

    public void delete(DeleteRequest request) throws IOException {
        call("DELETE", "/api/delete", request, null);
    }

    public EmbedResponse embed(EmbedRequest request) throws IOException {
        return call("POST", "/api/embed", request, EmbedResponse.class);
    }

    public EmbeddingResponse embeddings(EmbeddingRequest request) throws IOException {
        return call("POST", "/api/embeddings", request, EmbeddingResponse.class);
    }

    public ResponseStream<GenerateResponse> generate(GenerateRequest request) throws IOException {
        return stream("/api/generate", request, GenerateResponse.class);
    }

    public ResponseStream<ChatResponse> chat(ChatRequest request) throws IOException {
        return stream("/api/chat", request, ChatResponse.class);
    }

    public ResponseStream<ProgressResponse> pull(PullRequest request) throws IOException {
        return stream("/api/pull", request, ProgressResponse.class);
    }

    public ResponseStream<ProgressResponse> push(PushRequest request) throws IOException {
        return stream("/api/push", request, ProgressResponse.class);
    }

    public ResponseStream<ProgressResponse> create(CreateRequest request) throws IOException {
        return stream("/api/create", request, ProgressResponse.class);
    }

    public void generate(GenerateRequest request, Consumer<GenerateResponse> each) throws IOException {
        drain(generate(request), each);
    }

    public void chat(ChatRequest request, Consumer<ChatResponse> each) throws IOException {
        drain(chat(request), each);
    }

    public void pull(PullRequest request, Consumer<ProgressResponse> each) throws IOException {
        drain(pull(request), each);
    }

    public void push(PushRequest request, Consumer<ProgressResponse> each) throws IOException {
        drain(push(request), each);
    }

    public void create(CreateRequest request, Consumer<ProgressResponse> each) throws IOException {
        drain(create(request), each);
    }

    /** {@code HEAD /api/blobs/<digest>}: whether the server already has the blob. */
    public boolean hasBlob(String digest) throws IOException {
        HttpResponse<String> response = send(request("HEAD", "/api/blobs/" + digest, BodyPublishers.noBody()),
                BodyHandlers.ofString());
        if (response.statusCode() == 404) return false;
        check(response.statusCode(), response.body());
        return true;
    }

    /**
     * {@code POST /api/blobs/<digest>} with the file's bytes; {@code progress} gets the number of bytes sent so
     * far as they go out. The server checks the digest.
     */
    public void createBlob(String digest, Path file, LongConsumer progress) throws IOException {
        long size = Files.size(file);
        AtomicLong sent = new AtomicLong();
        BodyPublisher body = BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> {
            try {
                return new FilterInputStream(Files.newInputStream(file)) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        if (n > 0) progress.accept(sent.addAndGet(n));
                        return n;
                    }
                };
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }), size);
        HttpResponse<String> response = send(request("POST", "/api/blobs/" + digest, body), BodyHandlers.ofString());
        check(response.statusCode(), response.body());
    }

    private <T> T call(String method, String path, Object body, Class<T> type) throws IOException {
        HttpRequest request = request(method, path, body == null ? BodyPublishers.noBody()
                : BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
        HttpResponse<String> response = send(request, BodyHandlers.ofString(StandardCharsets.UTF_8));
        check(response.statusCode(), response.body());
        if (type == null || response.body().isEmpty()) return null;
        return mapper.readValue(response.body(), type);
    }

    private <T> ResponseStream<T> stream(String path, Object body, Class<T> type) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/x-ndjson")
                .header("User-Agent", USER_AGENT)
                .POST(BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8))
                .build();
        HttpResponse<InputStream> response = send(request, BodyHandlers.ofInputStream());
        return new ResponseStream<>(response.body(), response.statusCode(), type);
    }

    private static <T> void drain(ResponseStream<T> stream, Consumer<T> each) throws IOException {
        try (stream) {
            for (T item = stream.read(); item != null; item = stream.read()) each.accept(item);
        }
    }

    private void check(int status, String body) throws OllamaException {
        if (status < 400) return;
        String error = body;
        String signin = null;
        try {
            JsonNode node = mapper.readTree(body);
            if (node != null && node.isObject()) {
                error = node.path("error").asText("");
                signin = node.path("signin_url").asText(null);
            }
        } catch (IOException notJson) {
            // Ollama's client shows the body itself
        }
        throw OllamaException.of(status, error, signin);
    }

    private HttpRequest request(String method, String path, BodyPublisher body) {
        return HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .method(method, body)
                .build();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("request interrupted");
        }
    }

    private URI uri(String path) {
        String b = base.toString();
        if (b.endsWith("/")) b = b.substring(0, b.length() - 1);
        return URI.create(b + path);
    }
}
