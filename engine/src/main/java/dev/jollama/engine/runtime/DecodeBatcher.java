package dev.jollama.engine.runtime;

import dev.jollama.engine.model.Batch;
import dev.jollama.engine.model.Transformer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Continuous batching of the sessions of one model: the decode steps (one sampled token each) of every sequence that
 * is generating go through one forward pass, so the weights are read once per step for all of them. Each session's
 * thread hands its one-token batch to {@link #forward} and gets its logits back; the first waiting thread that finds
 * no pass running leads the next one, with every step handed in by then (flat combining, no thread of its own).
 * Sampling, grammars and listeners stay on each session's thread. Prompts do not come here: a session evaluates its
 * prompt chunks with the transformer directly, between decode passes (the transformer runs one pass at a time).
 *
 * <p>A pass starts when every generating sequence has handed in its step, or {@link #GATHER_NANOS} after the first
 * one did (a sequence whose thread is slow to come back, e.g. writing to a slow client, only misses passes).
 */
public final class DecodeBatcher {
    /** How long a pass waits for generating sequences still sampling their last token. */
    static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Transformer transformer;
    private final int vocab;
    private final Batch shared;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Step> pending = new ArrayList<>();
    private long firstPendingAt;
    private boolean running;
    private int generating;
    private long passes, steps;

    private static final class Step {
        final Batch batch;
        boolean done;
        RuntimeException failure;
        Error error;

        Step(Batch batch) {
            this.batch = batch;
        }
    }

    /** A batcher for up to {@code sequences} sessions of the transformer. */
    public DecodeBatcher(Transformer transformer, int sequences) {
        this.transformer = transformer;
        this.vocab = transformer.config().vocabSize();
        this.shared = new Batch(sequences);
    }

    /** A sequence starts generating: passes wait for its steps until {@link #leave}. */
    void join() {
        lock.lock();
        try {
            generating++;
        } finally {
            lock.unlock();
        }
    }

    /** The sequence has finished generating. */
    void leave() {
        lock.lock();
        try {
            generating--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Evaluates {@code own} (one sequence's decode step, its position reserved) in a pass shared with the other
     * sequences' steps; on return its logits are in {@code own.logits()}. A failed pass fails every step in it.
     */
    void forward(Batch own) {
        Step step = new Step(own);
        boolean interrupted = false;
        lock.lock();
        try {
            if (pending.isEmpty()) firstPendingAt = System.nanoTime();
            pending.add(step);
            // no signal: whether a pass can start now is this thread's to see (below), the waiting ones would only
            // find what it finds; they wake when the pass they wait for ends, or when a sequence leaves
            // the step is in someone's hands now: wait for it whatever happens, then pass an interrupt on
            while (!step.done) {
                long wait = firstPendingAt + GATHER_NANOS - System.nanoTime();
                if (!running && !pending.isEmpty() && (pending.size() >= generating || wait <= 0)) {
                    lead();
                } else if (running || pending.isEmpty()) {
                    changed.awaitUninterruptibly();
                } else {
                    try {
                        changed.awaitNanos(wait);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
        } finally {
            lock.unlock();
            if (interrupted) Thread.currentThread().interrupt();
        }
        if (step.error != null) throw step.error;
        if (step.failure != null) throw step.failure;
    }

    /** Forward passes run so far. */
    long passes() {
        lock.lock();
        try {
            return passes;
        } finally {
            lock.unlock();
        }
    }

    /** Decode steps evaluated so far (more than {@link #passes} when passes were shared). */
    long steps() {
        lock.lock();
        try {
            return steps;
        } finally {
            lock.unlock();
        }
    }

    /** Runs one pass over every pending step; called and returns with the lock held, releases it meanwhile. */
    private void lead() {
        List<Step> steps = new ArrayList<>(pending);
        pending.clear();
        running = true;
        lock.unlock();
        try {
            shared.clear();
            int[] rows = new int[steps.size()];
            for (int i = 0; i < rows.length; i++) rows[i] = shared.append(steps.get(i).batch);
            transformer.forward(shared);
            for (int i = 0; i < rows.length; i++) shared.copyLogitsTo(steps.get(i).batch, rows[i], vocab);
        } catch (RuntimeException e) {
            for (Step s : steps) s.failure = e;
        } catch (Error e) {
            for (Step s : steps) s.error = e;
        } finally {
            shared.clear();
            lock.lock();
            running = false;
            passes++;
            this.steps += steps.size();
            for (Step s : steps) s.done = true;
            // steps that came during the pass wait from now on for the ones of this pass, which are sampling
            if (!pending.isEmpty()) firstPendingAt = System.nanoTime();
            changed.signalAll();
        }
    }
}
