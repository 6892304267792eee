package dev.jollama.server.sched;

import dev.jollama.server.model.LocalModel;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;

/**
 * A loaded model and its bookkeeping (Ollama's runnerRef): a semaphore of one permit per sequence, which sequences
 * are busy, how many requests hold it ({@code refCount}), how long it stays loaded once idle, and the timer that
 * unloads it. Fields other than the final ones are guarded by the scheduler's lock.
 */
final class Runner {
    final String key;
    final LocalModel model;
    final LoadSettings settings;
    final int trainContext;
    final LoadedModel loaded;
    final Semaphore permits;
    private final boolean[] busy;

    int refCount;
    long sessionNanos;
    Instant expiresAt;
    ScheduledFuture<?> timer;
    long timerGeneration;
    /** Being unloaded to make room or to reload: no new request attaches to it. */
    boolean evicting;

    Runner(String key, LocalModel model, LoadSettings settings, int trainContext, LoadedModel loaded, long sessionNanos) {
        this.key = key;
        this.model = model;
        this.settings = settings;
        this.trainContext = trainContext;
        this.loaded = loaded;
        this.permits = new Semaphore(loaded.sequences(), true);
        this.busy = new boolean[loaded.sequences()];
        this.sessionNanos = sessionNanos;
    }

    /**
     * Takes the free sequence that already holds the longest start of {@code prompt} (a chat continuing reuses its
     * cache). The caller holds a permit, so one is free.
     */
    synchronized int takeSequence(int[] prompt) {
        int best = -1, bestPrefix = -1;
        for (int i = 0; i < busy.length; i++) {
            if (busy[i]) continue;
            int prefix = prompt == null ? 0 : loaded.cachedPrefix(i, prompt);
            if (prefix > bestPrefix) {
                best = i;
                bestPrefix = prefix;
            }
        }
        if (best < 0) throw new IllegalStateException("no free sequence although a permit is held");
        busy[best] = true;
        return best;
    }

    synchronized void releaseSequence(int slot) {
        busy[slot] = false;
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public String toString() {
        return model.name().displayShortest() + " (" + key + ")";
    }
}
