package dev.jollama.server.sched;

import dev.jollama.server.model.LocalModel;

import java.util.function.BooleanSupplier;

/**
 * A request's hold on a loaded model: one of its parallel slots, kept until {@link #close}. While a lease is open
 * the model stays loaded; closing it starts the model's keep-alive timer when it was the last.
 */
public final class Lease implements AutoCloseable {
    private final Scheduler scheduler;
    final Runner runner;
    private boolean closed;

    Lease(Scheduler scheduler, Runner runner) {
        this.scheduler = scheduler;
        this.runner = runner;
    }

    public LoadedModel model() {
        return runner.loaded;
    }

    /** The settings the model was loaded with (num_ctx effective). */
    public LoadSettings settings() {
        return runner.settings;
    }

    /** The store model the runner was loaded for. */
    public LocalModel localModel() {
        return runner.model;
    }

    /** Runs a completion on the free sequence that best matches the prompt. */
    public CompletionResult complete(Completion request, CompletionListener listener, BooleanSupplier cancelled) {
        int slot = runner.takeSequence(request.prompt());
        try {
            return runner.loaded.complete(slot, request, listener, cancelled);
        } finally {
            runner.releaseSequence(slot);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        runner.permits.release();
        scheduler.release(runner);
    }
}
