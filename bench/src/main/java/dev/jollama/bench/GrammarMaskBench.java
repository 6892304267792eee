package dev.jollama.bench;

import dev.jollama.engine.grammar.Grammar;
import dev.jollama.engine.grammar.GrammarMatcher;
import dev.jollama.engine.grammar.JsonGrammar;
import dev.jollama.engine.grammar.JsonSchemaGrammar;
import dev.jollama.engine.grammar.TokenGrammar;
import dev.jollama.engine.tokenizer.Tokenizers;
import dev.jollama.engine.tokenizer.Vocabulary;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Cost of one constrained-decoding step (mask the logits of the whole 128,256-token Llama 3 vocabulary, then accept
 * the sampled token), replaying a fixed 400-token trajectory of a random "model" (uniform over allowed tokens, then
 * closing the structure). Modes: {@code warm} reuses one TokenGrammar (automaton and mask cache warm: the steady
 * state of a server that caches per format); {@code cold} builds a new TokenGrammar per replay (a first request:
 * lazy automaton construction and every mask computed); {@code uncached} keeps transitions but a one-entry mask
 * cache, so nearly every step walks the token trie (worst case per new state).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GrammarMaskBench {
    static final int STEPS = 400;
    static final String NESTED_SCHEMA = """
            {"type":"object","properties":{
              "user":{"type":"object","properties":{"id":{"type":"integer","minimum":1},"name":{"type":"string","maxLength":40},
                "email":{"type":"string","format":"email"},"tags":{"type":"array","items":{"type":"string"},"maxItems":5}},
                "required":["id","name","tags"]},
              "orders":{"type":"array","items":{"type":"object","properties":{"sku":{"type":"string","pattern":"^[A-Z]{3}-[0-9]{4}$"},
                "qty":{"type":"integer","minimum":1,"maximum":99},"price":{"type":"number","minimum":0},
                "status":{"enum":["open","shipped","cancelled"]}},"required":["sku","qty","status"]}},
              "note":{"anyOf":[{"type":"string"},{"type":"null"}]}},
             "required":["user","orders","note"]}""";

    @Param({"json", "nested-schema"})
    public String format;

    @Param({"warm", "cold", "uncached"})
    public String mode;

    private Vocabulary vocabulary;
    private Grammar grammar;
    private TokenGrammar shared;
    private int[] trajectory;
    private float[] logits;

    @Setup
    public void setUp() throws IOException {
        vocabulary = Tokenizers.fromFile(Path.of(System.getProperty("jollama.shared", "../shared"), "vocab/ggml-vocab-llama-bpe.gguf")).vocabulary();
        grammar = format.equals("json") ? JsonGrammar.object() : JsonSchemaGrammar.fromSchema(NESTED_SCHEMA);
        shared = newTokenGrammar();
        trajectory = record(TokenGrammar.of(grammar, vocabulary), new Random(42));
        logits = new float[vocabulary.size()];
    }

    private TokenGrammar newTokenGrammar() {
        TokenGrammar tg = TokenGrammar.of(grammar, vocabulary);
        return mode.equals("uncached") ? new TokenGrammar(dev.jollama.engine.grammar.CompiledGrammar.compile(grammar), vocabulary, 0) : tg;
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public float maskAndAccept() {
        TokenGrammar tg = mode.equals("cold") ? newTokenGrammar() : shared;
        GrammarMatcher m = tg.newMatcher();
        float sink = 0;
        for (int token : trajectory) {
            if (token < 0) { // the recording finished a document here and started the next
                m = tg.newMatcher();
                continue;
            }
            m.mask(logits);
            sink += logits[token];
            m.accept(token);
        }
        return sink;
    }

    /**
     * Worst case of one step: a full walk of the token trie from inside a JSON string, where nearly every token is
     * allowed and no subtree can be skipped (transitions already memoized, mask not cached: two string states take
     * turns in a one-entry cache). Independent of the mode parameter.
     */
    @Benchmark
    @OperationsPerInvocation(2)
    public long fullTrieWalk(WalkState w) {
        return w.key.allowedTokens()[1] + w.value.allowedTokens()[1];
    }

    @State(Scope.Benchmark)
    public static class WalkState {
        GrammarMatcher key, value;

        @Setup
        public void setUp(GrammarMaskBench b) {
            TokenGrammar tg = new TokenGrammar(dev.jollama.engine.grammar.CompiledGrammar.compile(JsonGrammar.object()), b.vocabulary, 0);
            key = tg.newMatcher();
            key.acceptText("{\"ke");
            value = tg.newMatcher();
            value.acceptText("{\"key\": \"val");
        }
    }

    /**
     * STEPS tokens: uniformly random allowed ones for the first 300, then the ones that close the structure fastest;
     * -1 marks where a document completed and the next one starts.
     */
    private int[] record(TokenGrammar tg, Random random) {
        int[] out = new int[2 * STEPS];
        GrammarMatcher m = tg.newMatcher();
        int n = 0, tokens = 0;
        while (tokens < STEPS) {
            if (m.isComplete()) {
                m = tg.newMatcher();
                out[n++] = -1;
            }
            int[] allowed = ids(m.allowedTokens());
            int pick = -1;
            if (n < 300) {
                do pick = allowed[random.nextInt(allowed.length)]; while (vocabulary.isEndOfGeneration(pick) && allowed.length > 1);
            } else {
                int best = Integer.MAX_VALUE;
                for (int id : allowed) {
                    if (vocabulary.isEndOfGeneration(id)) continue;
                    GrammarMatcher c = m.copy();
                    c.accept(id);
                    if (c.minBytesToComplete() < best) { best = c.minBytesToComplete(); pick = id; }
                }
            }
            if (pick < 0 || vocabulary.isEndOfGeneration(pick)) {
                m = tg.newMatcher();
                out[n++] = -1;
                continue;
            }
            m.accept(pick);
            out[n++] = pick;
            tokens++;
        }
        return Arrays.copyOf(out, n);
    }

    private static int[] ids(long[] bits) {
        return java.util.stream.IntStream.range(0, bits.length * 64).filter(i -> (bits[i >>> 6] >>> i & 1) != 0).toArray();
    }
}
