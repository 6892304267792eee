package dev.jollama.server.http;

import dev.jollama.api.ProgressResponse;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The streaming helper over real HTTP: per-chunk flushing, errors before and after the first chunk, stream:false. */
class NdjsonResponseTest {
    static Javalin app;
    static final HttpClient http = HttpClient.newHttpClient();
    static final CountDownLatch firstLineRead = new CountDownLatch(1);

    @BeforeAll
    static void start() {
        app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.concurrency.useVirtualThreads = true;
            c.http.compressionStrategy = io.javalin.compression.CompressionStrategy.NONE;
            c.routes.get("/flush", ctx -> NdjsonResponse.progress(ctx, true, sink -> {
                sink.send(ProgressResponse.of("first"));
                // The client must see the first line while the producer is still running.
                if (!firstLineRead.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("first line never arrived");
                sink.send(ProgressResponse.of("second"));
            }));
            c.routes.get("/error-before", ctx -> NdjsonResponse.progress(ctx, ctx.queryParam("stream") == null, sink -> {
                throw ApiException.notFound("model 'x' not found");
            }));
            c.routes.get("/error-after", ctx -> NdjsonResponse.progress(ctx, ctx.queryParam("stream") == null, sink -> {
                sink.send(ProgressResponse.of("pulling manifest"));
                throw new IllegalStateException("disk full");
            }));
            c.routes.get("/last", ctx -> NdjsonResponse.progress(ctx, false, sink -> {
                sink.send(ProgressResponse.of("one"));
                sink.send(ProgressResponse.of("success"));
            }));
        }).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eachChunkIsFlushedAsItIsProduced() throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/flush")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).isEqualTo("{\"status\":\"first\"}");
            firstLineRead.countDown();
            assertThat(in.readLine()).isEqualTo("{\"status\":\"second\"}");
            assertThat(in.readLine()).isNull();
        }
    }

    @Test
    void anErrorBeforeTheFirstChunkIsAPlainJsonError() throws Exception {
        for (String path : new String[]{"/error-before", "/error-before?stream=false"}) {
            var r = get(path);
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(r.body()).isEqualTo("{\"error\":\"model 'x' not found\"}");
        }
    }

    @Test
    void anErrorAfterTheFirstChunkIsTheLastLine() throws Exception {
        var r = get("/error-after");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"pulling manifest\"}\n{\"error\":\"disk full\"}\n");
        var collected = get("/error-after?stream=false");
        assertThat(collected.statusCode()).isEqualTo(500);
        assertThat(collected.body()).isEqualTo("{\"error\":\"disk full\"}");
    }

    @Test
    void streamFalseAnswersTheLastObject() throws Exception {
        var r = get("/last");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.body()).isEqualTo("{\"status\":\"success\"}");
    }
}
