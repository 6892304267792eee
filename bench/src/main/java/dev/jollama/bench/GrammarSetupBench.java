package dev.jollama.bench;

import dev.jollama.engine.grammar.JsonGrammar;
import dev.jollama.engine.grammar.TokenGrammar;
import dev.jollama.engine.tokenizer.TokenType;
import dev.jollama.engine.tokenizer.Tokenizers;
import dev.jollama.engine.tokenizer.Vocabulary;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What the first grammar for a vocabulary costs: compiling JSON mode and binding it to a vocabulary whose token trie
 * is not built yet (the trie is cached per Vocabulary object, so each call gets a fresh view of the same vocabulary).
 * Run with {@code -f 5 -wi 0 -i 1} for the cold first call of a fresh JVM (a server's first request), with warm-up
 * iterations for the steady cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GrammarSetupBench {
    @Param({"llama-bpe", "qwen2"})
    public String vocab;

    private Vocabulary vocabulary;

    @Setup
    public void setUp() throws IOException {
        Path shared = Path.of(System.getProperty("jollama.shared", "../shared"));
        vocabulary = Tokenizers.fromFile(shared.resolve("vocab/ggml-vocab-" + vocab + ".gguf")).vocabulary();
    }

    @Benchmark
    public TokenGrammar firstGrammar() {
        return TokenGrammar.of(JsonGrammar.object(), new FreshView(vocabulary));
    }

    /** The same vocabulary under a new identity (a class, not a record: records are equal by value). */
    static final class FreshView implements Vocabulary {
        private final Vocabulary v;

        FreshView(Vocabulary v) {
            this.v = v;
        }


        @Override public int size() { return v.size(); }
        @Override public String token(int id) { return v.token(id); }
        @Override public TokenType type(int id) { return v.type(id); }
        @Override public byte[] bytes(int id) { return v.bytes(id); }
        @Override public int bos() { return v.bos(); }
        @Override public int eos() { return v.eos(); }
        @Override public boolean isEndOfGeneration(int id) { return v.isEndOfGeneration(id); }
        @Override public boolean isControl(int id) { return v.isControl(id); }
        @Override public boolean isSpecial(int id) { return v.isSpecial(id); }
    }
}
