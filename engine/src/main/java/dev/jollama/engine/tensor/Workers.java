package dev.jollama.engine.tensor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of platform threads that runs a range of rows as chunks which every thread (the caller included)
 * claims from a shared counter until none are left, so a pool of N threads keeps N cores busy and a thread that the
 * OS preempts (the machine is often shared) holds up only the chunk it is in, not a fixed share of the work.
 *
 * <p>Decode calls this about a hundred times per token for pieces of work of 10-200 us, so handing out work must be
 * cheap: a job is one immutable record published through a volatile field, parked workers are unparked directly and
 * the thread that finishes the last chunk unparks the caller (no executor queue, no futures). Workers may also spin
 * for {@code -Djollama.workers.spinMicros} (default 0) before parking, which saves the wake-up when the next job
 * follows within microseconds; it is off by default because on an oversubscribed machine spinning threads steal the
 * cores the work needs (measured: 50 us of spinning made each call 20x slower at load 20 on 2 cores, see
 * docs/kernels.md). A range is cut into up to {@code -Djollama.workers.chunksPerThread} (default 4) chunks per thread.
 * One product at a time: a call made while another is running (from another thread, or from inside a task) runs its
 * whole range on the calling thread.
 */
public final class Workers implements AutoCloseable {
    /** Work on rows [from, to). */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /** How long an idle thread spins before it parks. */
    private static final long SPIN_NANOS = Long.getLong("jollama.workers.spinMicros", 0) * 1000;
    private static final int CHUNKS_PER_THREAD = Math.max(1, Integer.getInteger("jollama.workers.chunksPerThread", 4));

    private final int threads;
    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean(); // not a reentrant lock: a nested call must run inline
    private volatile Job job = new Job(0, null, 0, 0, 0, null);
    private volatile boolean closed;
    private volatile Throwable failure;

    /** One forRange call, published to the workers as a whole (immutable, so a worker never mixes two jobs). */
    private static final class Job {
        final long generation;
        final RangeTask task;
        final int size, per, chunks;
        final Thread caller;
        final AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();

        Job(long generation, RangeTask task, int size, int per, int chunks, Thread caller) {
            this.generation = generation;
            this.task = task;
            this.size = size;
            this.per = per;
            this.chunks = chunks;
            this.caller = caller;
        }
    }

    public Workers(int threads) {
        this.threads = Math.max(1, threads);
        this.workers = new Worker[this.threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    public int threads() {
        return threads;
    }

    /** Runs task over [0, n) in chunks whose sizes are multiples of {@code grain}, on all threads. */
    public void forRange(int n, int grain, RangeTask task) {
        grain = Math.max(1, grain);
        int chunks = Math.min(threads * CHUNKS_PER_THREAD, Math.max(1, n / grain));
        if (threads == 1 || chunks <= 1 || closed || !busy.compareAndSet(false, true)) {
            task.run(0, n);
            return;
        }
        try {
            int per = (n + chunks - 1) / chunks;
            per = (per + grain - 1) / grain * grain;
            chunks = (n + per - 1) / per;
            failure = null;
            Job j = new Job(job.generation + 1, task, n, per, chunks, Thread.currentThread());
            job = j;
            for (int i = 0; i < Math.min(workers.length, chunks - 1); i++) if (workers[i].parked) LockSupport.unpark(workers[i]);
            work(j);
            long start = System.nanoTime();
            while (j.done.get() != j.chunks) {
                if (System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            Throwable t = failure;
            if (t instanceof RuntimeException re) throw re;
            if (t instanceof Error err) throw err;
            if (t != null) throw new IllegalStateException(t);
        } finally {
            busy.set(false);
        }
    }

    /** Claims and runs chunks of a job until none are left; the thread finishing the last one wakes the caller. */
    private void work(Job j) {
        for (int c; (c = j.next.getAndIncrement()) < j.chunks; ) {
            int from = c * j.per, to = Math.min(j.size, from + j.per);
            try {
                j.task.run(from, to);
            } catch (Throwable t) {
                failure = t;
            }
            if (j.done.incrementAndGet() == j.chunks && Thread.currentThread() != j.caller) LockSupport.unpark(j.caller);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) LockSupport.unpark(w);
    }

    private final class Worker extends Thread {
        volatile boolean parked;

        Worker(int index) {
            super("jollama-worker-" + index);
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0; // the generation of the initial empty job: a job published before this thread starts still runs
            while (!closed) {
                Job j = awaitJob(seen);
                if (j.generation == seen) continue;
                seen = j.generation;
                work(j);
            }
        }

        /** The next job: spins a little, then parks (re-checking after announcing it, so no wake-up is lost). */
        private Job awaitJob(long seen) {
            long start = System.nanoTime();
            Job j;
            while ((j = job).generation == seen && !closed) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if ((j = job).generation == seen && !closed) LockSupport.park(this);
                parked = false;
            }
            return j;
        }
    }
}
