package dev.jollama.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.cli.bench.SpeedTest;
import dev.jollama.engine.Engine;
import dev.jollama.engine.LoadOptions;
import dev.jollama.engine.LoadedModel;
import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.gguf.GgufTensorInfo;
import dev.jollama.engine.model.KvCacheType;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jollama bench MODEL.gguf}: prompt-processing and generation speed of a GGUF file on jollama's engine, as
 * llama.cpp's {@code llama-bench} measures them (same tests, same defaults where they apply), so the two can be run
 * side by side on the same file. Runs in this process; no server is involved.
 */
@Command(name = "bench", description = "Measure prompt processing and generation speed of a GGUF file",
        customSynopsis = "jollama bench MODEL.gguf [-p 128] [-n 64] [-d 0] [-t THREADS] [-r REPS] [-b BATCH] [--json]")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "GGUF file")
    Path model;

    @Option(names = {"-p", "--n-prompt"}, split = ",", paramLabel = "N", description = "Prompt tokens per pp test, comma-separated; 0 skips (default 128)")
    int[] prompt = {128};

    @Option(names = {"-n", "--n-gen"}, split = ",", paramLabel = "N", description = "Generated tokens per tg test, comma-separated; 0 skips (default 64)")
    int[] gen = {64};

    @Option(names = {"-d", "--n-depth"}, split = ",", paramLabel = "N", description = "Tokens already in the cache before each test, comma-separated (default 0)")
    int[] depth = {0};

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Threads (default: all processors)")
    int threads;

    @Option(names = {"-r", "--repetitions"}, paramLabel = "N", description = "Timed repetitions per test, after one warm-up (default 5)")
    int reps = 5;

    @Option(names = {"-b", "--batch-size"}, paramLabel = "N", description = "Tokens per forward pass in prompt processing, num_batch (default 512)")
    int numBatch = 512;

    @Option(names = {"-ctk", "--cache-type"}, paramLabel = "TYPE", description = "KV cache type: f16, q8_0, q4_0, f32 (default: OLLAMA_KV_CACHE_TYPE, else f16)")
    String cacheType;

    @Option(names = "--json", description = "One JSON object per test and line")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true)
    boolean help;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (!Files.isRegularFile(model)) throw new IllegalArgumentException("no such file: " + model);
        if (reps < 1) throw new IllegalArgumentException("repetitions must be at least 1");
        if (Arrays.stream(prompt).anyMatch(n -> n < 0) || Arrays.stream(gen).anyMatch(n -> n < 0)) throw new IllegalArgumentException("token counts must not be negative");
        if (Arrays.stream(depth).anyMatch(n -> n < 0)) throw new IllegalArgumentException("depth must not be negative");
        int maxTokens = Math.max(1, Arrays.stream(depth).max().orElse(0)
                + Math.max(Arrays.stream(prompt).max().orElse(0), Arrays.stream(gen).max().orElse(0)));
        LoadOptions options = LoadOptions.DEFAULTS.withNumCtx(maxTokens).withNumBatch(numBatch).withNumThread(threads)
                .withKvCacheType(kvCacheType());
        long t0 = System.nanoTime();
        try (LoadedModel m = Engine.load(model, options)) {
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            Description d = describe(model);
            err.printf(Locale.ROOT, "loaded %s in %.3f s%n", model.getFileName(), loadSeconds);
            if (!json) {
                out.println("| model | size | params | threads | test | t/s |");
                out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
                out.flush();
            }
            SpeedTest test = new SpeedTest(m, maxTokens);
            for (int dp : depth) {
                for (int n : prompt) if (n > 0) report(test.promptProcessing(n, reps, dp), d, m, out);
                for (int n : gen) if (n > 0) report(test.generation(n, reps, dp), d, m, out);
            }
        }
        return 0;
    }

    private void report(SpeedTest.Result r, Description d, LoadedModel m, PrintWriter out) throws Exception {
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("test", r.test());
            o.put("tokens_per_s", r.mean());
            o.put("stddev", r.stddev());
            o.put("median", r.median());
            o.put("samples_ts", r.samples());
            o.put("cpu_ms_per_token", r.cpuPerToken() * 1e3);
            o.put("threads", m.options().threads());
            o.put("n_batch", m.options().numBatch());
            o.put("kv_cache_type", m.options().kvCacheType().name().toLowerCase(Locale.ROOT));
            o.put("model", model.getFileName().toString());
            o.put("model_size", d.bytes());
            o.put("model_params", d.params());
            out.println(new ObjectMapper().writeValueAsString(o));
        } else {
            out.printf(Locale.ROOT, "| %s | %.2f GiB | %.2f B | %d | %s | %.2f ± %.2f |%n", model.getFileName(), d.bytes() / (double) (1L << 30),
                    d.params() / 1e9, m.options().threads(), r.test(), r.mean(), r.stddev());
        }
        out.flush();
    }

    private KvCacheType kvCacheType() {
        String t = cacheType != null ? cacheType : System.getenv().getOrDefault("OLLAMA_KV_CACHE_TYPE", "");
        if (t.isBlank()) return KvCacheType.F16;
        try {
            return KvCacheType.valueOf(t.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown KV cache type '" + t + "' (supported: "
                    + Arrays.stream(KvCacheType.values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toList() + ")");
        }
    }

    /** Weight bytes and parameter count, as llama-bench's size and params columns. */
    private record Description(long bytes, long params) {}

    private static Description describe(Path path) throws Exception {
        try (GgufFile f = GgufFile.open(path)) {
            long bytes = 0, params = 0;
            for (GgufTensorInfo t : f.tensors().values()) {
                bytes += t.byteSize();
                params += t.elementCount();
            }
            return new Description(bytes, params);
        }
    }
}
