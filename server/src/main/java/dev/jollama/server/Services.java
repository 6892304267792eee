package dev.jollama.server;

import dev.jollama.server.model.ModelCatalog;
import dev.jollama.server.store.ModelStore;

/** What the route groups share: configuration, the store, the model catalog over it, and the scheduler's view. */
public record Services(ServerConfig config, ModelStore store, ModelCatalog catalog, LoadedModels loadedModels) {

    public Services(ServerConfig config, ModelStore store, LoadedModels loadedModels) {
        this(config, store, new ModelCatalog(store), loadedModels);
    }
}
