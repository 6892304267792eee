package dev.jollama.server.sched;

import dev.jollama.server.model.LocalModel;
import dev.jollama.server.model.ModelFacts;

import java.io.IOException;

/**
 * Loads store models on jollama's engine: embedding models (a GGUF with a pooling type) as
 * {@link LoadedEmbeddingModel}s, every other model as an {@link EngineModel}.
 */
public final class EngineLoader implements ModelLoader {
    @Override
    public LoadedModel load(LocalModel model, LoadSettings settings, int numParallel) throws IOException {
        if (model.modelPath() == null) throw new IOException("model " + model.name().displayShortest() + " has no GGUF model file");
        if (ModelFacts.read(model.modelPath()).pooling()) return LoadedEmbeddingModel.load(model, settings);
        return EngineModel.load(model.modelPath(), settings, numParallel);
    }
}
