package dev.jollama.engine.model;

import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.tensor.WeightTensor;
import dev.jollama.engine.tensor.Workers;

import java.util.concurrent.CompletableFuture;

/**
 * A model's weights loaded in the mapped file's own layout, so that loading returns before the matrices are repacked
 * ({@link WeightTensor#repacked}); the repacking then runs on a background thread (and the model's number of workers), matrix by matrix (each one's
 * mapped pages dropped when its copy is complete, as a load that repacks does). Forward passes use only the repacked
 * weights ({@link #repacked()} waits for them): the repacked decode kernels sum in another order than the file
 * layout's, so a pass on the file's layout would give other low bits, and a request's output would depend on when it
 * came (docs/kernels.md). A file read into memory is repacked in place while loading, as before.
 */
public final class BackgroundRepack implements AutoCloseable {
    private final ModelWeights asFiled;
    private final CompletableFuture<ModelWeights> repacked = new CompletableFuture<>();
    private final GgufFile file;
    private final ModelConfig config;
    private final int threads;
    private Thread thread;
    private volatile boolean stopped;

    private BackgroundRepack(ModelWeights asFiled, GgufFile file, ModelConfig c, int threads) {
        this.asFiled = asFiled;
        this.threads = threads;
        this.file = file;
        this.config = c;
        if (!file.segment().isMapped()) repacked.complete(asFiled); // repacked in place while loading (a second pass would repack the repacked bytes)
    }

    /**
     * Loads and checks every tensor as {@link ModelWeights#load} does, leaving the matrices of a mapped file in its
     * layout until {@link #start()}, which repacks them on {@code threads} threads. {@code workers} (may be null)
     * repack a file read into memory at once.
     */
    public static BackgroundRepack load(GgufFile file, ModelConfig c, Workers workers, int threads) throws ModelFormatException {
        return new BackgroundRepack(ModelWeights.load(new TensorLoader(file, workers, true, () -> false), c), file, c, threads);
    }

    /** Starts repacking the matrices of a mapped file (once; the first {@link #repacked()} starts it if nothing did). */
    public synchronized void start() {
        if (repacked.isDone() || thread != null) return;
        if (stopped) repacked.complete(asFiled);
        else thread = Thread.ofPlatform().name("jollama-repack").daemon().start(() -> repack(file, config));
    }

    private void repack(GgufFile file, ModelConfig c) {
        try (Workers workers = new Workers(threads)) {
            repacked.complete(ModelWeights.load(new TensorLoader(file, workers, false, () -> stopped), c));
        } catch (TensorLoader.Stopped e) {
            repacked.complete(asFiled);
        } catch (ModelFormatException | RuntimeException e) { // checked once already; the file's own layout computes the same
            repacked.complete(asFiled);
        } catch (Error e) {
            repacked.complete(asFiled);
            throw e;
        }
    }

    /** The weights in the file's layout, checked: for what needs no matrix product (shapes, rope factors). */
    public ModelWeights asFiled() {
        return asFiled;
    }

    /** The repacked weights, once every matrix is repacked (the weights as filed if the repacking stopped or failed). */
    public ModelWeights repacked() {
        start();
        return repacked.join();
    }

    public boolean isDone() {
        return repacked.isDone();
    }

    /** Stops the repacking after the matrix it is on and waits for it; the file may be closed afterwards. */
    @Override
    public void close() {
        stopped = true;
        Thread t;
        synchronized (this) {
            t = thread;
            if (t == null) repacked.complete(asFiled);
        }
        boolean interrupted = false;
        while (t != null && t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
