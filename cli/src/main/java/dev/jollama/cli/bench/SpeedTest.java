package dev.jollama.cli.bench;

import dev.jollama.engine.LoadedModel;
import dev.jollama.engine.model.Batch;
import dev.jollama.engine.model.KvCache;
import dev.jollama.engine.model.Transformer;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * llama-bench's two tests on a loaded model, timed on the engine's forward pass alone (no tokenizer, no sampling):
 * prompt processing evaluates {@code n} random tokens from an empty cache in batches of num_batch (logits for the last
 * token of each batch, as {@code llama_decode} of a batch without a logits mask gives), generation evaluates {@code n}
 * tokens one at a time from an empty cache, each with its logits.
 */
public final class SpeedTest {
    private final LoadedModel model;
    private final Transformer transformer;
    private final KvCache cache;
    private final Batch batch;
    private final SplittableRandom random = new SplittableRandom(1234);

    public SpeedTest(LoadedModel model, int maxTokens) {
        if (!model.canGenerate()) throw new IllegalArgumentException(model.path().getFileName() + " holds only a vocabulary");
        if (maxTokens > model.contextSize()) throw new IllegalArgumentException(maxTokens + " tokens do not fit in a context of " + model.contextSize());
        this.model = model;
        this.transformer = model.transformer();
        this.cache = KvCache.create(model.options().kvCacheType(), model.config(), model.contextSize());
        this.batch = new Batch(Math.min(model.options().numBatch(), model.contextSize()));
    }

    /** One test's result: tokens per second of each repetition, and the process's CPU seconds per token over them. */
    public record Result(String test, double[] samples, double cpuPerToken) {
        public double mean() {
            return Arrays.stream(samples).average().orElse(0);
        }

        /** Sample standard deviation, as llama-bench reports it. */
        public double stddev() {
            if (samples.length < 2) return 0;
            double m = mean(), s = 0;
            for (double x : samples) s += (x - m) * (x - m);
            return Math.sqrt(s / (samples.length - 1));
        }

        public double median() {
            double[] s = samples.clone();
            Arrays.sort(s);
            int n = s.length;
            return n == 0 ? 0 : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }
    }

    /** Runs one untimed warm-up, then {@code reps} timed repetitions. */
    public Result promptProcessing(int tokens, int reps, int depth) {
        prompt(tokens, depth);
        double[] samples = new double[reps];
        long cpu = cpuNanos();
        for (int r = 0; r < reps; r++) samples[r] = tokens / prompt(tokens, depth);
        return new Result(name("pp", tokens, depth), samples, (cpuNanos() - cpu) / 1e9 / reps / tokens);
    }

    public Result generation(int tokens, int reps, int depth) {
        generate(tokens, depth);
        double[] samples = new double[reps];
        long cpu = cpuNanos();
        for (int r = 0; r < reps; r++) samples[r] = tokens / generate(tokens, depth);
        return new Result(name("tg", tokens, depth), samples, (cpuNanos() - cpu) / 1e9 / reps / tokens);
    }

    /** llama-bench's test names: pp512, tg64, tg64 @ d4096. */
    private static String name(String kind, int tokens, int depth) {
        return kind + tokens + (depth > 0 ? " @ d" + depth : "");
    }

    private int filled = -1;

    /** Puts {@code depth} tokens in the cache (untimed, as llama-bench's -d): evaluated once, then cut back to. */
    private void fill(int depth) {
        if (filled == depth && cache.length() >= depth) {
            cache.truncate(depth);
            return;
        }
        cache.truncate(0);
        filled = -1;
        evaluate(depth);
        filled = depth;
    }

    /** CPU time of the whole process (all threads), which says more than wall time on a busy machine. */
    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** Seconds to evaluate a prompt of {@code n} tokens after {@code depth} cached ones. */
    private double prompt(int n, int depth) {
        fill(depth);
        long start = System.nanoTime();
        evaluate(n);
        return (System.nanoTime() - start) / 1e9;
    }

    /** Evaluates n more tokens in batches of num_batch, logits for the last of each batch. */
    private void evaluate(int n) {
        for (int done = 0; done < n; ) {
            int chunk = Math.min(batch.capacity(), n - done);
            batch.clear();
            for (int i = 0; i < chunk; i++) batch.add(cache, token(cache.length()), i == chunk - 1);
            run();
            done += chunk;
        }
    }

    /** Seconds to generate {@code n} tokens one by one after {@code depth} cached ones. */
    private double generate(int n, int depth) {
        fill(depth);
        long start = System.nanoTime();
        int token = token(cache.length());
        for (int i = 0; i < n; i++) {
            batch.clear();
            batch.add(cache, token, true);
            run();
            token = random.nextInt(model.config().vocabSize());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** BOS first when the model has one, then random ids (as llama-bench). */
    private int token(int index) {
        int bos = model.vocabulary().bos();
        if (index == 0 && bos >= 0) return bos;
        return random.nextInt(model.config().vocabSize());
    }

    private void run() {
        try {
            transformer.forward(batch);
        } catch (RuntimeException | Error e) {
            batch.rollback();
            throw e;
        }
        batch.clear();
    }
}
