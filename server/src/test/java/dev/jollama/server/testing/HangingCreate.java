package dev.jollama.server.testing;

import dev.jollama.api.CreateRequest;
import dev.jollama.api.ProgressResponse;
import dev.jollama.server.create.CreateJob;
import dev.jollama.server.store.ModelName;
import dev.jollama.server.store.ModelStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run in a separate JVM by the crash tests: creates a model in a store and, on reaching the given status line,
 * prints "HALTED" and waits to be killed. Arguments: models dir, model name, GGUF file, status to halt at.
 */
public final class HangingCreate {
    private HangingCreate() {}

    public static void main(String[] args) throws Exception {
        ModelStore store = new ModelStore(Path.of(args[0]));
        String digest;
        try (var in = Files.newInputStream(Path.of(args[2]))) {
            digest = store.putBlob(in, null).digest();
        }
        String haltAt = args[3];
        CreateRequest req = new CreateRequest(args[1], true, null, null, null, null, Map.of("model.gguf", digest), null, null,
                null, null, "a system prompt only this model has", Map.of("temperature", 0.1), null, null, null, null, null, null, null);
        new CreateJob(store, req, ModelName.parse(args[1]), false).run(chunk -> {
            if (chunk instanceof ProgressResponse p && p.status().startsWith(haltAt)) {
                System.out.println("HALTED");
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        System.out.println("FINISHED");
    }
}
