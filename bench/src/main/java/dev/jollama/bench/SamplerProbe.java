package dev.jollama.bench;

import dev.jollama.engine.sampling.Sampler;
import dev.jollama.engine.sampling.SamplingOptions;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * CPU time of one {@link Sampler#sample} call on a Llama-3-sized vocabulary (128256 logits, Gaussian), one thread:
 * greedy (temperature 0), Ollama's defaults (temperature 0.8, top_k 40, top_p 0.9) and the defaults with
 * repeat_penalty 1.1 over 64 tokens (a 20-token prompt, then each sampled token accepted). Prints the mean per call of
 * each of three rounds, and a checksum of the sampled ids (seeded, so equal builds print equal sums).
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.jollama.bench.SamplerProbe [CALLS=2000]}
 */
public final class SamplerProbe {
    private static final int VOCAB = 128256;

    private SamplerProbe() {}

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        SplittableRandom random = new SplittableRandom(7);
        float[][] logits = new float[16][VOCAB];
        for (float[] row : logits) for (int i = 0; i < VOCAB; i++) row[i] = (float) (random.nextGaussian() * 3);
        Map<String, SamplingOptions> cases = new LinkedHashMap<>();
        cases.put("greedy", SamplingOptions.DEFAULTS.withTemperature(0f).withSeed(42));
        cases.put("defaults", SamplingOptions.DEFAULTS.withSeed(42));
        cases.put("defaults, repeat_penalty 1.1", new SamplingOptions(0.8f, 40, 0.9f, 0f, 1f, 64, 1.1f, 0f, 0f, 42));
        for (int round = 1; round <= 3; round++) {
            for (var c : cases.entrySet()) {
                Sampler s = new Sampler(c.getValue(), VOCAB, 512, null);
                s.acceptPrompt(new SplittableRandom(3).ints(20, 0, VOCAB).toArray());
                long sum = 0, start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < calls; i++) {
                    int token = s.sample(logits[i & 15], 0);
                    s.accept(token);
                    sum += token;
                }
                double ms = (threads.getCurrentThreadCpuTime() - start) / 1e6 / calls;
                System.out.printf("round %d, %-28s %.3f ms per token (checksum %d)%n", round, c.getKey(), ms, sum);
            }
        }
    }
}
