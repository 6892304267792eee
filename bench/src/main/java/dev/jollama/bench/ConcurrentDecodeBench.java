package dev.jollama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.Json;
import dev.jollama.server.JollamaServer;
import dev.jollama.server.ServerConfig;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Aggregate decode speed of concurrent streams through the HTTP server (continuous batching): starts jollama's
 * server in this process on a temporary store with {@code OLLAMA_NUM_PARALLEL} = the largest stream count, creates a
 * model from the GGUF through {@code /api/blobs} and {@code /api/create}, then for each stream count N runs
 * {@code REPS} rounds of N simultaneous {@code /api/generate} requests over loopback (distinct short prompts,
 * {@code num_predict} TOKENS, streamed as a client reads them; SAMPLING {@code greedy} sends temperature 0,
 * {@code default} no sampling options, so Ollama's defaults apply: temperature 0.8, top_k 40, top_p 0.9). Per
 * round it prints the aggregate decode rate (all streams' eval_count over the wall time from the first stream's end
 * of prompt to the last stream's end), the mean single-stream rate (eval_count / eval_duration), and the process CPU
 * time per generated token (prompt included, and the client's reading and parsing, which run in this process too;
 * less sensitive to other jobs on a shared machine than wall time); then the medians and the ratio of each N's
 * aggregate to N = 1. A warm-up round of the largest N runs first and is not counted.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.jollama.bench.ConcurrentDecodeBench MODEL.gguf [STREAMS=1,4,8] [REPS=3] [TOKENS=64] [THREADS=0 (all)] [SAMPLING=greedy|default]}
 */
public final class ConcurrentDecodeBench {
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private static final String MODEL = "bench";
    private static final String[] PROMPTS = {"Once upon a time", "The weather today is", "Write a short poem about", "List three colours:",
            "In the beginning", "A recipe for bread:", "The capital of France", "def fibonacci(n):"};

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private final int tokens;
    private final int threads;
    private final boolean greedy;

    private ConcurrentDecodeBench(int port, int tokens, int threads, boolean greedy) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.tokens = tokens;
        this.threads = threads;
        this.greedy = greedy;
    }

    /** One round's figures. */
    record Round(double aggregate, double single, double cpuMsPerToken, int generated) {}

    public static void main(String[] args) throws Exception {
        Path gguf = Path.of(args[0]);
        int[] streams = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] {1, 4, 8};
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int tokens = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        String sampling = args.length > 5 ? args[5] : "greedy";
        if (!sampling.equals("greedy") && !sampling.equals("default")) throw new IllegalArgumentException("SAMPLING is greedy or default, not " + sampling);
        int parallel = Arrays.stream(streams).max().orElse(1);
        Path store = Files.createTempDirectory("jollama-bench-store");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OLLAMA_HOST", "127.0.0.1:0");
        env.put("OLLAMA_MODELS", store.toString());
        env.put("JOLLAMA_HOME", store.resolve("home").toString());
        env.put("OLLAMA_NUM_PARALLEL", Integer.toString(parallel));
        env.put("OLLAMA_KEEP_ALIVE", "-1");
        env.put("OLLAMA_NOPRUNE", "1");
        try (JollamaServer server = JollamaServer.start(ServerConfig.from(env))) {
            ConcurrentDecodeBench b = new ConcurrentDecodeBench(server.port(), tokens, threads, sampling.equals("greedy"));
            ServerModels.create(b.http, b.base, MODEL, gguf);
            System.out.printf("%s, OLLAMA_NUM_PARALLEL=%d, %d tokens per stream, threads %s, %s sampling, load average %.2f%n", gguf.getFileName(),
                    parallel, tokens, threads > 0 ? threads : "all", sampling, PROCESS.getSystemLoadAverage());
            b.round(parallel); // warm-up
            Map<Integer, double[]> medians = new LinkedHashMap<>();
            for (int n : streams) {
                List<Round> rounds = new ArrayList<>();
                for (int r = 0; r < reps; r++) {
                    Round x = b.round(n);
                    rounds.add(x);
                    System.out.printf("  %d streams, round %d: aggregate %.2f tok/s, single-stream %.2f tok/s, CPU %.1f ms/token (%d tokens)%n",
                            n, r + 1, x.aggregate(), x.single(), x.cpuMsPerToken(), x.generated());
                }
                double[] m = {median(rounds.stream().mapToDouble(Round::aggregate).toArray()), median(rounds.stream().mapToDouble(Round::single).toArray()),
                        median(rounds.stream().mapToDouble(Round::cpuMsPerToken).toArray())};
                medians.put(n, m);
            }
            System.out.printf("load average at the end %.2f%n", PROCESS.getSystemLoadAverage());
            System.out.println("| streams | aggregate tok/s (median) | per-stream tok/s | CPU ms/token | aggregate vs 1 stream |");
            System.out.println("|---:|---:|---:|---:|---:|");
            double[] one = medians.get(1);
            for (var e : medians.entrySet()) {
                double[] m = e.getValue();
                System.out.printf("| %d | %.2f | %.2f | %.1f | %s |%n", e.getKey(), m[0], m[1], m[2], one == null ? "-" : String.format("%.2fx", m[0] / one[0]));
            }
        } finally {
            deleteTree(store);
        }
    }

    /** Times of one streamed request: when its first token arrived, when it ended, and its final counts. */
    record Stream(long firstToken, long end, int evalCount, long evalNanos) {}

    private Round round(int n) throws Exception {
        long cpu0 = PROCESS.getProcessCpuTime();
        List<CompletableFuture<Stream>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                String prompt = PROMPTS[i % PROMPTS.length];
                futures.add(CompletableFuture.supplyAsync(() -> generate(prompt), pool));
            }
            List<Stream> done = new ArrayList<>();
            for (var f : futures) done.add(f.get());
            long cpu = PROCESS.getProcessCpuTime() - cpu0;
            long from = done.stream().mapToLong(Stream::firstToken).min().orElseThrow();
            long to = done.stream().mapToLong(Stream::end).max().orElseThrow();
            int generated = done.stream().mapToInt(Stream::evalCount).sum();
            // the first token of each stream comes with its prompt: count from the earliest first token on
            double aggregate = (generated - 1) / ((to - from) / 1e9);
            double single = done.stream().mapToDouble(s -> s.evalCount() / (s.evalNanos() / 1e9)).average().orElseThrow();
            return new Round(aggregate, single, cpu / 1e6 / generated, generated);
        }
    }

    private Stream generate(String prompt) {
        Map<String, Object> options = new LinkedHashMap<>();
        if (greedy) options.put("temperature", 0);
        options.put("num_predict", tokens);
        options.put("num_ctx", 512);
        if (threads > 0) options.put("num_thread", threads);
        String body = Json.write(Map.of("model", MODEL, "prompt", prompt, "stream", true, "options", options));
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(base.resolve("/api/generate")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) throw new IllegalStateException("generate: " + r.statusCode() + " " + new String(r.body().readAllBytes()));
            long first = 0;
            JsonNode last = null;
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(r.body(), java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.isBlank()) continue;
                    if (first == 0) first = System.nanoTime();
                    last = Json.mapper().readTree(line);
                }
            }
            if (last == null || !last.path("done").asBoolean()) throw new IllegalStateException("no final line for " + prompt);
            return new Stream(first, System.nanoTime(), last.get("eval_count").asInt(), last.get("eval_duration").asLong());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
