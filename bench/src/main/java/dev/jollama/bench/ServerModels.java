package dev.jollama.bench;

import dev.jollama.api.Json;
import dev.jollama.api.modelfile.LocalFiles;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

/** Creates a model on a running server from a GGUF file as a client does: the blob upload, then /api/create. */
final class ServerModels {
    private ServerModels() {}

    static void create(HttpClient http, URI base, String model, Path gguf) throws IOException, InterruptedException {
        String digest = LocalFiles.sha256(gguf);
        HttpResponse<String> up = http.send(HttpRequest.newBuilder(base.resolve("/api/blobs/" + digest)).POST(HttpRequest.BodyPublishers.ofFile(gguf)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (up.statusCode() / 100 != 2) throw new IllegalStateException("upload: " + up.statusCode() + " " + up.body());
        String body = Json.write(Map.of("model", model, "stream", false, "files", Map.of(gguf.getFileName().toString(), digest)));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/create")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("create: " + r.statusCode() + " " + r.body());
    }
}
