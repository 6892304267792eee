package dev.jollama.server.sched;

import dev.jollama.server.model.LocalModel;

import java.io.IOException;

/** Brings a model of the store into memory (the engine, for the scheduler). */
public interface ModelLoader {
    /**
     * @param settings    load options; {@code numCtx} is already the effective context per sequence
     * @param numParallel sequences to allocate
     */
    LoadedModel load(LocalModel model, LoadSettings settings, int numParallel) throws IOException;
}
