package dev.jollama.engine.tokenizer;

import dev.jollama.testing.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** llama.cpp's own tokenizer test vectors ({@code ../shared/vocab/*.inp/.out}): every one must match. */
class LlamaCppVectorsTest {
    private static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    @ParameterizedTest
    @ValueSource(strings = {"llama-spm", "llama-bpe", "qwen2", "phi-3", "gpt-2", "bert-bge", "deepseek-llm",
            "deepseek-coder", "falcon", "mpt"})
    void matchesLlamaCpp(String name) throws IOException {
        Path gguf = TestData.requireShared("vocab/ggml-vocab-" + name + ".gguf");
        Tokenizer tokenizer = Tokenizers.fromFile(gguf);
        List<String> inputs = inputs(Path.of(gguf + ".inp"));
        List<String> outputs = Files.readAllLines(Path.of(gguf + ".out"), StandardCharsets.UTF_8);
        assertThat(inputs).hasSameSizeAs(outputs);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String line = outputs.get(i).strip();
            int[] expected = line.isEmpty() ? new int[0] : Arrays.stream(line.split(" ")).mapToInt(Integer::parseInt).toArray();
            int[] actual = tokenizer.encode(inputs.get(i), false, false);
            if (!Arrays.equals(expected, actual)) {
                failures.add("'" + inputs.get(i) + "'\n  expected " + Arrays.toString(expected) + "\n  actual   " + Arrays.toString(actual));
            }
        }
        assertThat(failures).as(name).isEmpty();
    }

    /** The inputs of a .inp file: texts separated by lines reading __ggml_vocab_test__ (as llama.cpp's test reads them). */
    static List<String> inputs(Path inp) throws IOException {
        String raw = Files.readString(inp, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        int pos = 0;
        while (pos < raw.length()) {
            int next = raw.indexOf(SEPARATOR, pos);
            if (next < 0) {
                out.add(raw.substring(pos));
                break;
            }
            out.add(raw.substring(pos, next));
            pos = next + SEPARATOR.length();
        }
        return out;
    }
}
