package dev.jollama.engine.tensor;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed pool of platform threads that splits a range of rows into one contiguous chunk per thread. The calling
 * thread runs the first chunk itself, so a pool of N threads keeps N cores busy.
 */
public final class Workers implements AutoCloseable {
    /** Work on rows [from, to). */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    private final int threads;
    private final ExecutorService pool;

    public Workers(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads - 1, r -> {
            Thread t = new Thread(r, "jollama-worker");
            t.setDaemon(true);
            return t;
        });
    }

    public int threads() {
        return threads;
    }

    /** Runs task over [0, n) split into at most {@code threads} chunks whose sizes are multiples of {@code grain}. */
    public void forRange(int n, int grain, RangeTask task) {
        int chunks = Math.min(threads, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1) {
            task.run(0, n);
            return;
        }
        int per = (n + chunks - 1) / chunks;
        per = (per + grain - 1) / grain * grain;
        List<Future<?>> futures = new ArrayList<>(chunks);
        for (int c = 1; c < chunks; c++) {
            int from = Math.min(n, c * per), to = Math.min(n, from + per);
            if (from < to) futures.add(pool.submit(() -> task.run(from, to)));
        }
        task.run(0, Math.min(n, per));
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                if (e.getCause() instanceof Error err) throw err;
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
