package dev.jollama.server.sched;

import dev.jollama.server.model.LocalModel;

import java.io.IOException;

// PENDING: the engine adapter, when the engine lands
public final class EngineLoader implements ModelLoader {
    @Override
    public LoadedModel load(LocalModel model, LoadSettings settings, int numParallel) throws IOException {
        throw new IOException("pending");
    }
}
