package dev.jollama.engine.tensor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of platform threads that runs a range of rows as chunks on every thread (the caller included). Each
 * thread owns a contiguous share of the chunks and claims them front to back, so its rows stream through memory in
 * order (interleaving the threads' chunks cost the hardware prefetcher up to 15% more CPU per token); a thread that
 * runs out takes the other shares' chunks from their back ends. So a thread that wakes late or that the OS preempts
 * (the machine is often shared) holds up only the chunk it is in, not a fixed share of the work.
 *
 * <p>Decode calls this about a hundred times per token for pieces of work of 10-1000 us, so handing out work must be
 * cheap: a job is one immutable record published through a volatile field; an idle thread (worker waiting for the next
 * job, caller waiting for the last chunk) first spins for {@code -Djollama.workers.spinMicros} (default 50), yielding
 * its core to any other runnable thread while it does, then parks; parked workers are unparked directly and the
 * thread that finishes the last chunk unparks a parked caller (no executor queue, no futures). See docs/kernels.md
 * for the measurements. A range is cut into up to {@code -Djollama.workers.chunksPerThread} (default 8) chunks per
 * thread. One product at a time: a call made while another is running (from another thread, or from inside a task)
 * runs its whole range on the calling thread.
 */
public final class Workers implements AutoCloseable {
    /** Work on rows [from, to). */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /** How long an idle thread spins before it parks. */
    private static final long SPIN_NANOS = Long.getLong("jollama.workers.spinMicros", 50) * 1000;
    private static final int CHUNKS_PER_THREAD = Math.max(1, Integer.getInteger("jollama.workers.chunksPerThread", 8));
    /** A spin step longer than this means the yield handed the core to another thread: the machine is busy. */
    private static final long PREEMPTED_NANOS = 50_000;
    /** How long idle threads park at once after noticing a busy machine. */
    private static final long BACKOFF_NANOS = 50_000_000;
    /** Longs between two shares' claim words: one cache line each. */
    private static final int PAD = 8;

    private final int threads;
    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean(); // not a reentrant lock: a nested call must run inline
    private volatile Job job = new Job(0, null, 0, 1, 0, null, 1);
    private volatile boolean callerParked;
    /** Until when (System.nanoTime) idle threads park without spinning, after one of them found the machine busy. */
    private volatile long spinAgainAt = System.nanoTime();
    private volatile boolean closed;
    private volatile Throwable failure;

    /**
     * One forRange call, published to the workers as a whole (immutable, so a worker never mixes two jobs). Chunk c
     * covers [c * per, min(size, (c + 1) * per)); share s is chunks [s * chunks / shares, (s + 1) * chunks / shares),
     * its claim word holds the next unclaimed chunk from the front (high half) and one past the last from the back.
     */
    private static final class Job {
        final long generation;
        final RangeTask task;
        final int size, per, chunks, shares;
        final Thread caller;
        final AtomicLongArray claims;
        final AtomicInteger done = new AtomicInteger();

        Job(long generation, RangeTask task, int size, int per, int chunks, Thread caller, int shares) {
            this.generation = generation;
            this.task = task;
            this.size = size;
            this.per = per;
            this.chunks = chunks;
            this.caller = caller;
            this.shares = shares;
            this.claims = new AtomicLongArray(shares * PAD);
            for (int s = 0; s < shares; s++) claims.set(s * PAD, (long) (s * chunks / shares) << 32 | (s + 1) * chunks / shares);
        }

        /** The next chunk of share s from its front (its owner) or its back (another thread), or -1 if none is left. */
        int claim(int s, boolean front) {
            int i = s * PAD;
            while (true) {
                long word = claims.get(i);
                int next = (int) (word >>> 32), end = (int) word;
                if (next >= end) return -1;
                long claimed = front ? (long) (next + 1) << 32 | end : (long) next << 32 | (end - 1);
                if (claims.compareAndSet(i, word, claimed)) return front ? next : end - 1;
            }
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
            Job j = new Job(job.generation + 1, task, n, per, chunks, Thread.currentThread(), Math.min(threads, chunks));
            job = j;
            for (int i = 0; i < Math.min(workers.length, chunks - 1); i++) if (workers[i].parked) LockSupport.unpark(workers[i]);
            work(j, 0);
            long start = System.nanoTime();
            while (j.done.get() != j.chunks) {
                if (keepSpinning(start)) continue;
                callerParked = true;
                if (j.done.get() != j.chunks) LockSupport.park(this);
                callerParked = false;
            }
            Throwable t = failure;
            if (t instanceof RuntimeException re) throw re;
            if (t instanceof Error err) throw err;
            if (t != null) throw new IllegalStateException(t);
        } finally {
            busy.set(false);
        }
    }

    /**
     * One step of the spin of an idle thread that started waiting at {@code start}: a pause, and the core to any other
     * thread that is ready to run. False when the thread should park instead: its spin is over, or the yield took long
     * enough that another thread ran in between (a busy machine, where spinning takes the cores the work needs: then
     * every idle thread parks at once for a while).
     */
    private boolean keepSpinning(long start) {
        long before = System.nanoTime();
        if (before - start >= SPIN_NANOS || before - spinAgainAt < 0) return false;
        Thread.onSpinWait();
        Thread.yield();
        long after = System.nanoTime();
        if (after - before < PREEMPTED_NANOS) return true;
        spinAgainAt = after + BACKOFF_NANOS;
        return false;
    }

    /**
     * Runs the chunks of thread {@code self}'s share front to back, then those left in the other shares back to front;
     * the thread finishing the last chunk of the job wakes the caller.
     */
    private void work(Job j, int self) {
        for (int k = 0; k < j.shares; k++) {
            int s = (self + k) % j.shares;
            boolean own = k == 0 && self < j.shares;
            for (int c; (c = j.claim(s, own)) >= 0; ) {
                int from = c * j.per, to = Math.min(j.size, from + j.per);
                try {
                    j.task.run(from, to);
                } catch (Throwable t) {
                    failure = t;
                }
                if (j.done.incrementAndGet() == j.chunks && Thread.currentThread() != j.caller && callerParked) LockSupport.unpark(j.caller);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) LockSupport.unpark(w);
    }

    private final class Worker extends Thread {
        private final int index;
        volatile boolean parked;

        Worker(int index) {
            super("jollama-worker-" + index);
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0; // the generation of the initial empty job: a job published before this thread starts still runs
            while (!closed) {
                Job j = awaitJob(seen);
                if (j.generation == seen) continue;
                seen = j.generation;
                work(j, index);
            }
        }

        /** The next job: spins a little, then parks (re-checking after announcing it, so no wake-up is lost). */
        private Job awaitJob(long seen) {
            long start = System.nanoTime();
            Job j;
            while ((j = job).generation == seen && !closed) {
                if (keepSpinning(start)) continue;
                parked = true;
                if ((j = job).generation == seen && !closed) LockSupport.park(this);
                parked = false;
            }
            return j;
        }
    }
}
