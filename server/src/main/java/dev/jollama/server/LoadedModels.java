package dev.jollama.server;

import dev.jollama.api.ProcessModelResponse;

import java.util.List;

/**
 * The seam between the HTTP routes and the scheduler: which models are loaded right now, for /api/ps. The
 * scheduler implements it; until it exists nothing is ever loaded.
 */
public interface LoadedModels {
    /** Loaded models, the one with the longest time left first. */
    List<ProcessModelResponse> loaded();

    LoadedModels NONE = List::of;
}
