package dev.jollama.server;

import dev.jollama.server.store.ModelStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;

/** What a server does to its store before listening: prune (unless OLLAMA_NOPRUNE), then the built-in model. */
final class StoreStartup {
    private static final Logger log = LoggerFactory.getLogger(StoreStartup.class);

    private StoreStartup() {}

    static void prepare(ModelStore store, ServerConfig config) {
        try {
            Files.createDirectories(store.root().resolve("blobs"));
            Files.createDirectories(store.root().resolve("manifests"));
        } catch (IOException e) {
            log.warn("cannot create the model store at {}: {}", store.root(), e.getMessage());
            return;
        }
        if (!config.noPrune()) {
            try {
                store.prune();
            } catch (RuntimeException e) {
                log.warn("pruning the model store failed: {}", e.getMessage());
            }
        }
        BuiltinModel.installIfEmpty(store);
    }
}
