package dev.jollama.server.sched;

import dev.jollama.server.model.LocalModel;

import java.io.IOException;

/** Loads store models on jollama's engine ({@link EngineModel}). */
public final class EngineLoader implements ModelLoader {
    @Override
    public LoadedModel load(LocalModel model, LoadSettings settings, int numParallel) throws IOException {
        if (model.modelPath() == null) throw new IOException("model " + model.name().displayShortest() + " has no GGUF model file");
        return EngineModel.load(model.modelPath(), settings, numParallel);
    }
}
