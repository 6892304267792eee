package dev.jollama.server.sched;

import java.util.Objects;

/**
 * The load-time options of a runner (Ollama's api.Runner) and its context-shift setting: what a model is loaded
 * with, and what forces a reload when a request wants something else. {@code numCtxAuto}/{@code numBatchAuto}
 * say the value is the server's default rather than asked for by the request, the model or the environment; two
 * automatic values never force a reload.
 */
public record LoadSettings(int numCtx, int numBatch, int numGpu, Integer mainGpu, Boolean useMmap, int numThread,
                           int draftNumPredict, boolean contextShift, boolean numCtxAuto, boolean numBatchAuto) {

    /** The context a runner gets: num_ctx, at least 4, at most what the model was trained for. */
    public static int effectiveContext(int numCtx, int trainContext) {
        int ctx = Math.max(numCtx, 4);
        return trainContext > 0 ? Math.min(ctx, trainContext) : ctx;
    }

    /** These settings with num_ctx as the runner actually got it. */
    public LoadSettings withNumCtx(int ctx) {
        return new LoadSettings(ctx, numBatch, numGpu, mainGpu, useMmap, numThread, draftNumPredict, contextShift, numCtxAuto, numBatchAuto);
    }

    /**
     * Whether a runner loaded with {@code loaded} (num_ctx already effective) serves a request wanting these
     * settings, as Ollama's needsReload decides it: num_ctx compared after clamping to the training context,
     * automatic values on both sides equal, num_gpu below 0 ("auto") equal to anything automatic.
     */
    public boolean servedBy(LoadSettings loaded, int trainContext) {
        int wantCtx = loaded.numCtxAuto && numCtxAuto ? loaded.numCtx : effectiveContext(numCtx, trainContext);
        int wantBatch = loaded.numBatchAuto && numBatchAuto ? loaded.numBatch : numBatch;
        int wantGpu = numGpu < 0 ? -1 : numGpu;
        int haveGpu = numGpu < 0 ? -1 : loaded.numGpu;
        return wantCtx == loaded.numCtx && wantBatch == loaded.numBatch && wantGpu == haveGpu
                && Objects.equals(mainGpu, loaded.mainGpu) && Objects.equals(useMmap, loaded.useMmap)
                && numThread == loaded.numThread && draftNumPredict == loaded.draftNumPredict
                && contextShift == loaded.contextShift;
    }
}
