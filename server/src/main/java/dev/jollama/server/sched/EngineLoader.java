package dev.jollama.server.sched;

import dev.jollama.server.http.ApiException;
import dev.jollama.server.model.LocalModel;
import dev.jollama.server.model.ModelFacts;

import java.io.IOException;

/**
 * Loads store models on jollama's engine: embedding models (a GGUF with a pooling type) as
 * {@link LoadedEmbeddingModel}s. The runtime that generates (sessions, generation loop) has not landed yet, so
 * loading any other model answers 501 until the adapter to it is wired here; the tests that generate skip until then.
 */
public final class EngineLoader implements ModelLoader {
    /** Whether this build can run generating models; the tests that need it skip, saying why, while it is false. */
    public static final boolean AVAILABLE = false;

    @Override
    public LoadedModel load(LocalModel model, LoadSettings settings, int numParallel) throws IOException {
        if (model.modelPath() != null && ModelFacts.read(model.modelPath()).pooling()) return LoadedEmbeddingModel.load(model, settings);
        throw new ApiException(501, "this build of jollama cannot run models yet: its inference engine has not landed");
    }
}
