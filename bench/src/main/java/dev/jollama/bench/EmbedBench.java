package dev.jollama.bench;

import dev.jollama.engine.EmbeddingModel;
import dev.jollama.engine.LoadOptions;
import dev.jollama.engine.tokenizer.Tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Embedding throughput of the engine, end to end from token ids to pooled vectors (tokenizing excluded), on the
 * workloads of BENCHMARKS.md: 64 short sentences ({@code embed/short-64.txt}) and 8 inputs of 512 tokens
 * ({@code embed/long-8.txt}), each embedded as one batch.
 * {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.jollama.bench.EmbedBench MODEL.gguf [RUNS] [THREADS] [NUM_BATCH]}
 * (num_batch 2048 by default, Ollama's for embedding models); {@code bench/embed-vs-llama.sh} runs it next to llama.cpp.
 */
public final class EmbedBench {
    public static void main(String[] args) throws IOException, InterruptedException {
        Path model = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        int numBatch = args.length > 3 ? Integer.parseInt(args[3]) : 2048;
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        try (EmbeddingModel m = EmbeddingModel.load(model, LoadOptions.DEFAULTS.withNumBatch(numBatch).withNumThread(threads))) {
            Tokenizer tokenizer = m.tokenizer();
            for (String workload : List.of("short-64", "long-8")) {
                List<String> texts = lines("/embed/" + workload + ".txt");
                int[][] seqs = texts.stream().map(t -> tokenizer.encode(t, true, false)).toArray(int[][]::new);
                int tokens = Arrays.stream(seqs).mapToInt(s -> s.length).sum();
                for (int i = 0; i < 3; i++) m.embed(seqs);
                double[] seconds = new double[runs], cpu = new double[runs];
                for (int r = 0; r < runs; r++) {
                    long t0 = System.nanoTime(), c0 = os.getProcessCpuTime();
                    m.embed(seqs);
                    seconds[r] = (System.nanoTime() - t0) / 1e9;
                    cpu[r] = (os.getProcessCpuTime() - c0) / 1e9;
                }
                Arrays.sort(cpu);
                Arrays.sort(seconds);
                double median = seconds[runs / 2];
                System.out.printf("%s: %d inputs, %d tokens, %d threads: median %.1f ms = %.1f inputs/s, %.0f tokens/s (min %.1f ms, max %.1f ms); process CPU time median %.1f ms%n",
                        workload, seqs.length, tokens, threads, median * 1e3, seqs.length / median, tokens / median,
                        seconds[0] * 1e3, seconds[runs - 1] * 1e3, cpu[runs / 2] * 1e3);
            }
        }
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = EmbedBench.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("missing resource " + resource);
            List<String> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) if (!l.isEmpty()) out.add(l);
            return out;
        }
    }
}
