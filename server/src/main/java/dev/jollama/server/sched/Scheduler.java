package dev.jollama.server.sched;

import dev.jollama.api.ModelDetails;
import dev.jollama.api.ProcessModelResponse;
import dev.jollama.server.LoadedModels;
import dev.jollama.server.ServerConfig;
import dev.jollama.server.http.ApiException;
import dev.jollama.server.model.LocalModel;
import dev.jollama.server.model.ModelCatalog;
import dev.jollama.server.model.ModelFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Loads models on demand and keeps them for their keep-alive, as Ollama's scheduler (server/sched.go) does.
 * A request for a loaded model whose load-time options match attaches to it at once; anything else (first load,
 * reload after an option change, eviction when OLLAMA_MAX_LOADED_MODELS are loaded) is handled one load at a
 * time in arrival order. Each model runs OLLAMA_NUM_PARALLEL sequences; a request waits for a free one.
 *
 * <p>OLLAMA_MAX_QUEUE bounds every waiting request, whether it waits for a load or for a free sequence of a
 * loaded model (Ollama bounds only the former, ollama#7758); beyond it the answer is 503.
 */
public final class Scheduler implements LoadedModels, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    public static final String MAX_QUEUE_MESSAGE = "server busy, please try again.  maximum pending requests exceeded";
    /** Ollama's default number of loaded models per GPU; a CPU counts as one. */
    static final int DEFAULT_MAX_LOADED = 3;
    /** Families Ollama never runs with more than one sequence (ollama#4165). */
    private static final Set<String> SINGLE_SEQUENCE_FAMILIES = Set.of("mllama", "qwen3vl", "qwen3vlmoe", "qwen35", "qwen35moe",
            "qwen3next", "lfm2", "lfm2moe", "nemotron_h", "nemotron_h_moe", "nemotron_h_omni");
    private static final long POLL_MILLIS = 20;

    /** What a request needs: the model, its load settings, and its keep_alive in nanoseconds (null = not given). */
    public record Request(LocalModel model, LoadSettings settings, Long keepAliveNanos) {}

    private final ModelLoader loader;
    private final ModelCatalog catalog;
    private final long defaultKeepAliveNanos;
    private final int maxLoaded;
    private final int numParallel;
    private final int maxQueue;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition unloaded = lock.newCondition();
    private final Map<String, Runner> runners = new HashMap<>();
    private int waiting;
    /** One load (with the evictions it needs) at a time, in arrival order. */
    private final ReentrantLock loading = new ReentrantLock(true);
    private final ScheduledThreadPoolExecutor timers;

    public Scheduler(ServerConfig config, ModelCatalog catalog, ModelLoader loader) {
        this.loader = loader;
        this.catalog = catalog;
        this.defaultKeepAliveNanos = config.keepAliveNanos();
        this.maxLoaded = config.maxLoadedModels() > 0 ? config.maxLoadedModels() : DEFAULT_MAX_LOADED;
        this.numParallel = Math.max(config.numParallel(), 1);
        this.maxQueue = config.maxQueue();
        this.timers = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("keep-alive").factory());
        timers.setRemoveOnCancelPolicy(true);
    }

    /**
     * A slot of the loaded model, loading (or reloading) it first when needed. Throws {@link ApiException} 503 when
     * too many requests wait, 499 when {@code cancelled} turns true while waiting; load failures propagate.
     */
    public Lease acquire(Request req, BooleanSupplier cancelled) {
        String key = keyOf(req.model());
        Runner r = attachLoaded(key, req);
        if (r == null) r = loadInOrder(key, req, cancelled);
        try {
            waitForPermit(r, cancelled);
        } catch (RuntimeException | Error e) {
            release(r);
            throw e;
        }
        return new Lease(this, r);
    }

    /** The model's training context (0 when unknown), what num_ctx is clamped to. */
    public int trainContext(LocalModel m) {
        ModelFacts f = catalog.facts(m);
        return f == null ? 0 : f.contextLength();
    }

    /** keep_alive 0 with an empty prompt: unload the model now, or as soon as its requests finish. */
    public void expire(LocalModel model) {
        lock.lock();
        try {
            Runner r = runners.get(keyOf(model));
            if (r == null) return;
            r.cancelTimer();
            r.sessionNanos = 0;
            r.expiresAt = Instant.now();
            if (r.refCount <= 0) unloadLocked(r);
        } finally {
            lock.unlock();
        }
    }

    /** /api/ps: loaded models, the one with the longest time left first. */
    @Override
    public List<ProcessModelResponse> loaded() {
        List<ProcessModelResponse> out = new ArrayList<>();
        lock.lock();
        try {
            Instant now = Instant.now();
            for (Runner r : runners.values()) {
                Instant expires = r.refCount > 0 || r.expiresAt == null ? plus(now, r.sessionNanos) : r.expiresAt;
                LocalModel m = r.model;
                ModelDetails d = catalog.details(m);
                ModelDetails details = new ModelDetails("", d.format(), d.family(), d.families(), d.parameterSize(),
                        d.quantizationLevel(), 0, 0);
                String name = m.name().displayShortest();
                out.add(new ProcessModelResponse(name, name, r.loaded.sizeBytes(), m.stored().digest(), details,
                        OffsetDateTime.ofInstant(expires, ZoneId.systemDefault()), 0, r.settings.numCtx()));
            }
        } finally {
            lock.unlock();
        }
        out.sort(Comparator.comparingLong((ProcessModelResponse p) -> p.expiresAt().toEpochSecond()).reversed());
        return out;
    }

    /** Requests waiting for a load or a free sequence right now. */
    public int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    /** Unloads every model (server shutdown). */
    @Override
    public void close() {
        lock.lock();
        try {
            for (Runner r : List.copyOf(runners.values())) unloadLocked(r);
        } finally {
            lock.unlock();
        }
        timers.shutdownNow();
    }

    private static String keyOf(LocalModel m) {
        return m.modelPath() != null ? m.modelPath().toString() : "digest:" + m.stored().digest();
    }

    private Runner attachLoaded(String key, Request req) {
        lock.lock();
        try {
            Runner r = runners.get(key);
            if (r == null || !serves(r, req)) return null;
            attach(r, req);
            return r;
        } finally {
            lock.unlock();
        }
    }

    /** Ollama's needsReload, inverted: same load-time options, adapters and projectors, and not being unloaded. */
    private static boolean serves(Runner r, Request req) {
        return !r.evicting && req.settings().servedBy(r.settings, r.trainContext)
                && r.model.adapters().equals(req.model().adapters()) && r.model.projectors().equals(req.model().projectors());
    }

    private void attach(Runner r, Request req) {
        r.refCount++;
        r.cancelTimer();
        if (req.keepAliveNanos() != null) r.sessionNanos = req.keepAliveNanos();
    }

    private Runner loadInOrder(String key, Request req, BooleanSupplier cancelled) {
        enterQueue();
        try {
            awaitLoadingTurn(cancelled);
            try {
                return loadOrReuse(key, req, cancelled);
            } finally {
                loading.unlock();
            }
        } finally {
            leaveQueue();
        }
    }

    private void awaitLoadingTurn(BooleanSupplier cancelled) {
        try {
            while (!loading.tryLock(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (cancelled.getAsBoolean()) throw canceled();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw canceled();
        }
    }

    /** Ollama's processPending for one request: reuse, reload, evict to make room, or load. */
    private Runner loadOrReuse(String key, Request req, BooleanSupplier cancelled) {
        while (true) {
            lock.lock();
            try {
                Runner r = runners.get(key);
                Runner victim;
                if (r != null && serves(r, req)) {
                    attach(r, req);
                    return r;
                } else if (r != null) {
                    log.debug("reloading {}: load options changed", r);
                    victim = r;
                } else if (runners.size() >= maxLoaded) {
                    victim = pickVictim();
                    log.debug("{} models loaded, unloading {} to make room", runners.size(), victim);
                } else {
                    victim = null;
                }
                if (victim != null) {
                    evictLocked(victim);
                    awaitUnloadedLocked(victim, cancelled);
                    continue;
                }
            } finally {
                lock.unlock();
            }
            return load(key, req);
        }
    }

    private Runner load(String key, Request req) {
        LocalModel m = req.model();
        int train = trainContext(m);
        LoadSettings settings = req.settings().withNumCtx(LoadSettings.effectiveContext(req.settings().numCtx(), train));
        int sequences = numParallel(m);
        long start = System.nanoTime();
        LoadedModel lm;
        try {
            lm = loader.load(m, settings, sequences);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        log.info("loaded {} (num_ctx {}, {} sequences) in {} ms", m.name().displayShortest(), lm.contextLength(), sequences,
                (System.nanoTime() - start) / 1_000_000);
        Runner r = new Runner(key, m, settings.withNumCtx(lm.contextLength()), train, lm,
                req.keepAliveNanos() != null ? req.keepAliveNanos() : defaultKeepAliveNanos);
        lock.lock();
        try {
            runners.put(key, r);
            r.refCount = 1;
        } finally {
            lock.unlock();
        }
        return r;
    }

    private int numParallel(LocalModel m) {
        ModelFacts f = catalog.facts(m);
        if (f != null && f.pooling()) return 1;
        if (SINGLE_SEQUENCE_FAMILIES.contains(m.config().modelFamily())) return 1;
        return numParallel;
    }

    /** Ollama's findRunnerToUnload: shortest keep-alive first, then by key; an idle one if any. */
    private Runner pickVictim() {
        List<Runner> all = new ArrayList<>(runners.values());
        all.sort(Comparator.<Runner>comparingLong(r -> r.sessionNanos).thenComparing(r -> r.key));
        for (Runner r : all) {
            if (r.refCount == 0) return r;
        }
        return all.getFirst();
    }

    private void evictLocked(Runner r) {
        r.evicting = true;
        r.sessionNanos = 0;
        r.cancelTimer();
        if (r.refCount <= 0) unloadLocked(r);
    }

    private void awaitUnloadedLocked(Runner r, BooleanSupplier cancelled) {
        try {
            while (runners.get(r.key) == r) {
                if (cancelled.getAsBoolean()) throw canceled();
                unloaded.await(POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw canceled();
        }
    }

    private void waitForPermit(Runner r, BooleanSupplier cancelled) {
        try {
            if (r.permits.tryAcquire(0, TimeUnit.MILLISECONDS)) return;
            enterQueue();
            try {
                while (!r.permits.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    if (cancelled.getAsBoolean()) throw canceled();
                }
            } finally {
                leaveQueue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw canceled();
        }
    }

    private void enterQueue() {
        lock.lock();
        try {
            if (waiting >= maxQueue) throw new ApiException(503, MAX_QUEUE_MESSAGE);
            waiting++;
        } finally {
            lock.unlock();
        }
    }

    private void leaveQueue() {
        lock.lock();
        try {
            waiting--;
        } finally {
            lock.unlock();
        }
    }

    /** A lease ended: the last one out starts the keep-alive timer, or unloads at once for keep_alive 0. */
    void release(Runner r) {
        lock.lock();
        try {
            r.refCount--;
            if (r.refCount > 0) return;
            if (r.evicting || r.sessionNanos <= 0) {
                unloadLocked(r);
                return;
            }
            r.expiresAt = plus(Instant.now(), r.sessionNanos);
            if (r.sessionNanos == Long.MAX_VALUE) return;
            r.cancelTimer();
            long generation = ++r.timerGeneration;
            r.timer = timers.schedule(() -> expireIdle(r, generation), r.sessionNanos, TimeUnit.NANOSECONDS);
        } finally {
            lock.unlock();
        }
    }

    private void expireIdle(Runner r, long generation) {
        lock.lock();
        try {
            // a request may have come and gone after this timer fired but before it got the lock
            if (r.refCount == 0 && runners.get(r.key) == r && r.timer != null && r.timerGeneration == generation) {
                log.debug("keep-alive of {} expired", r);
                unloadLocked(r);
            }
        } finally {
            lock.unlock();
        }
    }

    private void unloadLocked(Runner r) {
        if (!runners.remove(r.key, r)) return;
        r.cancelTimer();
        try {
            r.loaded.close();
        } catch (RuntimeException e) {
            log.warn("unloading {} failed: {}", r, e.getMessage());
        }
        log.info("unloaded {}", r);
        unloaded.signalAll();
    }

    private static Instant plus(Instant t, long nanos) {
        return t.plusNanos(nanos);
    }

    private static ApiException canceled() {
        return new ApiException(499, "request canceled");
    }
}
