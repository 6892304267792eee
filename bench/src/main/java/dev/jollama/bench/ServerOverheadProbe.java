package dev.jollama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.Json;
import dev.jollama.engine.Engine;
import dev.jollama.engine.LoadOptions;
import dev.jollama.engine.LoadedModel;
import dev.jollama.engine.runtime.GenerateRequest;
import dev.jollama.engine.runtime.Session;
import dev.jollama.engine.sampling.SamplingOptions;
import dev.jollama.server.JollamaServer;
import dev.jollama.server.ServerConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the server adds to the engine's CPU time per generated token, one stream: the same prompt and options run
 * in one process, alternately, (a) through {@link Session#generate} of an engine-loaded model (4 sessions with
 * continuous batching, as the server has them; a listener that does nothing) and (b) as a streamed
 * {@code /api/generate} over loopback to jollama's server on a temporary store (the client's reading and parsing
 * included). The prompt is cached after the first request, so both measure decode steps. Prints the process CPU time
 * per generated token of every repetition (after two warm-ups) and, per mode, the CPU time of each thread group
 * (from /proc/self/task; threads that ended before the end of a repetition are missing there).
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.jollama.bench.ServerOverheadProbe MODEL.gguf [REPS=5] [TOKENS=32] [SAMPLING=greedy|default]}
 */
public final class ServerOverheadProbe {
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private static final String PROMPT = "Once upon a time";
    private static final int NUM_CTX = 512, THREADS = 2;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private final boolean greedy;

    private ServerOverheadProbe(int port, boolean greedy) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.greedy = greedy;
    }

    public static void main(String[] args) throws Exception {
        Path gguf = Path.of(args[0]);
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int tokens = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        boolean greedy = !(args.length > 3 && args[3].equals("default"));
        Path store = Files.createTempDirectory("jollama-probe-store");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OLLAMA_HOST", "127.0.0.1:0");
        env.put("OLLAMA_MODELS", store.toString());
        env.put("JOLLAMA_HOME", store.resolve("home").toString());
        env.put("OLLAMA_NUM_PARALLEL", "4");
        env.put("OLLAMA_KEEP_ALIVE", "-1");
        env.put("OLLAMA_NOPRUNE", "1");
        try (JollamaServer server = JollamaServer.start(ServerConfig.from(env));
             LoadedModel model = Engine.load(gguf, LoadOptions.DEFAULTS.withNumCtx(NUM_CTX).withNumThread(THREADS))) {
            ServerOverheadProbe p = new ServerOverheadProbe(server.port(), greedy);
            ServerModels.create(p.http, p.base, "bench", gguf);
            Session session = model.newSessions(4)[0];
            int[] prompt = model.tokenizer().encode(PROMPT, true, true);
            SamplingOptions sampling = greedy ? SamplingOptions.DEFAULTS.withTemperature(0f) : SamplingOptions.DEFAULTS;
            GenerateRequest request = new GenerateRequest(prompt, sampling, tokens, List.of(), 4, false, 0, null, true, true);
            Map<String, List<Double>> perToken = new LinkedHashMap<>();
            Map<String, Map<String, Long>> perThread = new LinkedHashMap<>();
            Map<String, Integer> generated = new LinkedHashMap<>();
            for (int r = -2; r < reps; r++) {
                for (String mode : List.of("engine", "http")) {
                    Map<String, Long> threads0 = threadTicks();
                    long cpu0 = PROCESS.getProcessCpuTime();
                    int n = mode.equals("engine") ? session.generate(request, t -> {}, () -> false).generatedTokens() : p.generate(tokens);
                    double ms = (PROCESS.getProcessCpuTime() - cpu0) / 1e6 / n;
                    if (r < 0) continue;
                    perToken.computeIfAbsent(mode, k -> new ArrayList<>()).add(ms);
                    generated.merge(mode, n, Integer::sum);
                    Map<String, Long> acc = perThread.computeIfAbsent(mode, k -> new TreeMap<>());
                    threadTicks().forEach((name, ticks) -> acc.merge(name, ticks - threads0.getOrDefault(name, 0L), Long::sum));
                }
            }
            System.out.printf("%s, %d tokens per request, %s sampling, %d threads, load average %.2f%n", gguf.getFileName(), tokens,
                    greedy ? "greedy" : "default", THREADS, PROCESS.getSystemLoadAverage());
            for (var e : perToken.entrySet()) {
                double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
                System.out.printf("%-6s CPU ms/token: min %.1f, median %.1f, all %s%n", e.getKey(), v[0], v[v.length / 2],
                        e.getValue().stream().map(x -> String.format("%.1f", x)).toList());
                double ticksToMs = 1000.0 / 100 / generated.get(e.getKey()); // USER_HZ = 100
                perThread.get(e.getKey()).forEach((name, ticks) -> {
                    if (ticks * ticksToMs >= 0.05) System.out.printf("    %-24s %.2f ms/token%n", name, ticks * ticksToMs);
                });
            }
        }
    }

    /** One streamed request, read line by line as a client does; returns eval_count. */
    private int generate(int tokens) throws IOException, InterruptedException {
        Map<String, Object> options = new LinkedHashMap<>();
        if (greedy) options.put("temperature", 0);
        options.put("num_predict", tokens);
        options.put("num_ctx", NUM_CTX);
        options.put("num_thread", THREADS);
        String body = Json.write(Map.of("model", "bench", "prompt", PROMPT, "stream", true, "options", options));
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(base.resolve("/api/generate")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        JsonNode last = null;
        try (var lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) if (!line.isBlank()) last = Json.mapper().readTree(line);
        }
        if (r.statusCode() != 200 || last == null || !last.path("done").asBoolean()) throw new IllegalStateException("generate: " + r.statusCode() + " " + last);
        return last.get("eval_count").asInt();
    }

    /** CPU ticks (user + system) per thread name, digits folded so that pools group together. */
    private static Map<String, Long> threadTicks() throws IOException {
        Map<String, Long> ticks = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
            }
        }
        return ticks;
    }
}
