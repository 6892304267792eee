package dev.jollama.engine.runtime;

import dev.jollama.engine.model.Embedder;

import java.util.ArrayList;
import java.util.List;

/**
 * Merges the embedding requests of concurrent callers into shared forward passes. A caller whose sequences arrive
 * while the model is busy waits; when the model frees up, the first waiting caller takes every pending request,
 * runs them as one call of {@link Embedder#embed} (which packs them into as few passes as fit) and hands each
 * caller its vectors. No thread of its own: the callers take turns doing the work.
 */
public final class EmbeddingQueue {
    private final Embedder embedder;
    private final List<Job> pending = new ArrayList<>();
    private boolean running;

    private static final class Job {
        final int[][] sequences;
        float[][] result;
        RuntimeException error;
        boolean done;

        Job(int[][] sequences) {
            this.sequences = sequences;
        }
    }

    public EmbeddingQueue(Embedder embedder) {
        this.embedder = embedder;
    }

    public Embedder embedder() {
        return embedder;
    }

    /** Requests waiting for the model right now. */
    public synchronized int waiting() {
        return pending.size();
    }

    /**
     * The raw pooled vectors of {@code sequences}, possibly computed together with other callers' sequences.
     *
     * @throws IllegalArgumentException for a sequence the model cannot embed (checked before it joins a batch)
     */
    public float[][] embed(int[][] sequences) throws InterruptedException {
        embedder.pooling().requireSentenceEmbedding();
        for (int[] s : sequences) embedder.check(s);
        if (sequences.length == 0) return new float[0][];
        Job job = new Job(sequences);
        List<Job> batch;
        synchronized (this) {
            pending.add(job);
            try {
                while (running && !job.done) wait();
            } catch (InterruptedException e) {
                pending.remove(job);
                throw e;
            }
            if (job.done) return resultOf(job);
            running = true;
            batch = new ArrayList<>(pending);
            pending.clear();
        }
        try {
            run(batch);
        } finally {
            synchronized (this) {
                running = false;
                notifyAll();
            }
        }
        return resultOf(job);
    }

    private void run(List<Job> batch) {
        int total = 0;
        for (Job j : batch) total += j.sequences.length;
        int[][] all = new int[total][];
        int n = 0;
        for (Job j : batch) for (int[] s : j.sequences) all[n++] = s;
        float[][] vectors;
        try {
            vectors = embedder.embed(all);
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                for (Job j : batch) {
                    j.error = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                    j.done = true;
                }
            }
            throw e;
        }
        synchronized (this) {
            n = 0;
            for (Job j : batch) {
                j.result = new float[j.sequences.length][];
                for (int i = 0; i < j.result.length; i++) j.result[i] = vectors[n++];
                j.done = true;
            }
        }
    }

    private static float[][] resultOf(Job job) {
        if (job.error != null) throw job.error;
        return job.result;
    }
}
