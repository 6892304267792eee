package dev.jollama.cli.command;

import dev.jollama.api.GenerateRequest;
import dev.jollama.api.KeepAlive;
import dev.jollama.api.ShowRequest;
import dev.jollama.api.client.OllamaClient;
import java.io.IOException;
import java.time.Duration;

/** Unloading a model as Ollama's CLI does: show it (so a missing model is "not found"), then an empty generate with keep_alive 0. */
final class Unload {
    private Unload() {}

    static void model(OllamaClient client, String model) throws IOException {
        client.show(ShowRequest.of(model, false));
        GenerateRequest request = new GenerateRequest(model, null, null, null, null, null, null, false, null,
                new KeepAlive(Duration.ZERO), null, null, null, null, null, false, false, 0);
        client.generate(request, r -> {});
    }
}
