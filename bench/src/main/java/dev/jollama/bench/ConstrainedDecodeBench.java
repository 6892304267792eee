package dev.jollama.bench;

import dev.jollama.engine.Engine;
import dev.jollama.engine.LoadOptions;
import dev.jollama.engine.LoadedModel;
import dev.jollama.engine.grammar.JsonGrammar;
import dev.jollama.engine.grammar.JsonSchemaGrammar;
import dev.jollama.engine.grammar.TokenGrammar;
import dev.jollama.engine.runtime.GenerateRequest;
import dev.jollama.engine.runtime.GenerateResult;
import dev.jollama.engine.runtime.GenerationListener;
import dev.jollama.engine.runtime.Session;
import dev.jollama.engine.sampling.SamplingOptions;
import dev.jollama.engine.sampling.TokenConstraint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Decode speed with and without a grammar, in one run on one loaded model: each repetition generates up to
 * {@code tokens} tokens (temperature 1, the repetition's seed) unconstrained, in JSON mode and with
 * {@link GrammarMaskBench#NESTED_SCHEMA}, in turn, so that load on a shared machine falls on all three alike. A
 * grammar's {@link TokenGrammar} is made once and reused, as the server caches it per format. Repetition 0 warms
 * the JIT up and is the grammars' cold start (automaton built, masks computed): printed, not in the medians. Prints
 * ms per generated token (decode only, prompt excluded), the part of it spent in the grammar (mask and accept), and
 * the process's CPU time per token (prompt included; less sensitive to other jobs than wall time) per repetition, and
 * the medians. Each repetition starts with a different mode.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.jollama.bench.ConstrainedDecodeBench MODEL.gguf [TOKENS] [REPS]}
 */
public final class ConstrainedDecodeBench {
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private ConstrainedDecodeBench() {}

    public static void main(String[] args) throws IOException {
        Path gguf = Path.of(args[0]);
        int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        try (LoadedModel model = Engine.load(gguf, LoadOptions.DEFAULTS.withNumCtx(1024))) {
            TokenGrammar json = TokenGrammar.of(JsonGrammar.object(), model.vocabulary());
            TokenGrammar nested = TokenGrammar.of(JsonSchemaGrammar.fromSchema(GrammarMaskBench.NESTED_SCHEMA), model.vocabulary());
            Map<String, Supplier<TokenConstraint>> modes = new LinkedHashMap<>();
            modes.put("none", () -> null);
            modes.put("json", json::newMatcher);
            modes.put("nested-schema", nested::newMatcher);
            int[] prompt = model.tokenizer().encode("Reply with a JSON object describing a user and their orders.", true, true);
            Session session = model.newSession();
            Map<String, List<Double>> msPerToken = new LinkedHashMap<>();
            Map<String, List<Double>> grammarMsPerToken = new LinkedHashMap<>();
            Map<String, List<Double>> cpuMsPerToken = new LinkedHashMap<>();
            System.out.printf("%s, %d threads, up to %d tokens per run, %d repetitions%n", gguf.getFileName(), model.options().threads(), tokens, reps);
            for (int r = 0; r <= reps; r++) { // repetition 0 warms the JIT up and is not counted
                List<Map.Entry<String, Supplier<TokenConstraint>>> order = new ArrayList<>(modes.entrySet());
                java.util.Collections.rotate(order, -r); // each mode goes first in turn
                for (Map.Entry<String, Supplier<TokenConstraint>> mode : order) {
                    session.reset();
                    TokenConstraint matcher = mode.getValue().get();
                    Timed timed = matcher == null ? null : new Timed(matcher);
                    GenerateRequest request = GenerateRequest.of(prompt).withNumPredict(tokens)
                            .withSampling(SamplingOptions.DEFAULTS.withTemperature(1f).withSeed(r + 1)).withConstraint(timed);
                    long cpu = PROCESS.getProcessCpuTime();
                    GenerateResult result = session.generate(request, new GenerationListener() {
                        @Override
                        public void onToken(dev.jollama.engine.runtime.GeneratedToken t) {}
                    }, () -> false);
                    double ms = result.generateNanos() / 1e6 / result.generatedTokens();
                    double cpuMs = (PROCESS.getProcessCpuTime() - cpu) / 1e6 / result.generatedTokens(); // prompt included
                    double grammarMs = timed == null ? 0 : timed.nanos / 1e6 / result.generatedTokens();
                    System.out.printf("rep %d %-13s %3d tokens (%s) %8.1f ms/token, of which grammar %.3f ms; process CPU %.1f ms/token%n",
                            r, mode.getKey(), result.generatedTokens(), result.doneReason().ollamaName, ms, grammarMs, cpuMs);
                    if (r > 0) {
                        msPerToken.computeIfAbsent(mode.getKey(), k -> new ArrayList<>()).add(ms);
                        grammarMsPerToken.computeIfAbsent(mode.getKey(), k -> new ArrayList<>()).add(grammarMs);
                        cpuMsPerToken.computeIfAbsent(mode.getKey(), k -> new ArrayList<>()).add(cpuMs);
                    }
                }
            }
            double base = median(msPerToken.get("none")), cpuBase = median(cpuMsPerToken.get("none"));
            for (String mode : modes.keySet()) {
                double m = median(msPerToken.get(mode)), g = median(grammarMsPerToken.get(mode)), c = median(cpuMsPerToken.get(mode));
                System.out.printf("median %-13s %8.1f ms/token  %6.2f tokens/s  %+5.1f%% vs none; grammar %.3f ms/token (%.2f%% of none); "
                        + "process CPU %.1f ms/token %+5.1f%% vs none%n", mode, m, 1000 / m, 100 * (m / base - 1), g, 100 * g / base, c, 100 * (c / cpuBase - 1));
            }
        }
    }

    /** Times what the grammar costs the sampler: masking the logits and accepting each token. */
    private static final class Timed implements TokenConstraint {
        private final TokenConstraint inner;
        long nanos;

        Timed(TokenConstraint inner) {
            this.inner = inner;
        }

        @Override
        public void mask(float[] logits) {
            long t = System.nanoTime();
            inner.mask(logits);
            nanos += System.nanoTime() - t;
        }

        @Override
        public void accept(int token) {
            long t = System.nanoTime();
            inner.accept(token);
            nanos += System.nanoTime() - t;
        }

        @Override
        public boolean isComplete() {
            return inner.isComplete();
        }
    }

    private static double median(List<Double> values) {
        if (values == null) return 0;
        double[] s = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
