package dev.jollama.bench;

import dev.jollama.engine.tokenizer.BaseTokenizer;
import dev.jollama.engine.tokenizer.Tokenizers;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Tokenizer speed: encoding a long text (Ollama's behaviour notes, 70 KB of English prose, JSON and Go-flavoured code
 * from ../shared/reference) with a real vocabulary, and decoding its tokens back. Divide the token count the setup
 * prints by the time per op for tokens/s. {@code load} is the cost of building a tokenizer from a GGUF's metadata.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class TokenizerBench {
    @Param({"llama-bpe", "qwen2", "llama-spm"})
    public String vocab;

    private Path gguf;
    private BaseTokenizer tokenizer;
    private String text;
    private int[] ids;

    @Setup
    public void setup() throws IOException {
        Path shared = Path.of(System.getProperty("jollama.shared", "../shared"));
        gguf = shared.resolve("vocab/ggml-vocab-" + vocab + ".gguf");
        tokenizer = Tokenizers.fromFile(gguf);
        text = Files.readString(shared.resolve("reference/ollama-behaviour.md"));
        ids = tokenizer.encode(text, false, false);
        System.out.printf("%n%s: %d chars -> %d tokens%n", vocab, text.length(), ids.length);
    }

    @Benchmark
    public int[] encode() {
        return tokenizer.encode(text, false, false);
    }

    @Benchmark
    public byte[] decode() {
        return tokenizer.decodeBytes(ids);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public BaseTokenizer load() throws IOException {
        return Tokenizers.fromFile(gguf);
    }
}
