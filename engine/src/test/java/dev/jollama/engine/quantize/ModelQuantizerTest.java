package dev.jollama.engine.quantize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.engine.ResidentMemoryTest;
import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.gguf.GgufTensorInfo;
import dev.jollama.engine.tensor.GgmlType;
import dev.jollama.engine.tensor.Workers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The model quantizer against llama-quantize: for every source model and file type of {@link QuantizeTestModels}, the
 * output's tensors (order, names, types, bytes) and the whole file must be byte-identical to what llama-quantize wrote
 * from the same source (goldens made by {@code src/test/quantize/make-goldens.sh}).
 */
class ModelQuantizerTest {
    @TempDir
    static Path dir;
    static final Workers workers = new Workers(2);

    @AfterAll
    static void stop() {
        workers.close();
    }

    static Stream<Arguments> cases() {
        return QuantizeTestModels.CASES.stream()
                .flatMap(c -> c.targets().stream().map(t -> Arguments.of(c.model(), t)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("cases")
    void sameFileAsLlamaQuantize(String model, FileType target) throws IOException {
        JsonNode golden = golden(model + "-" + target.name());
        Path source = source(model);
        assertThat(sha256(source)).as("regenerated source model %s", model).isEqualTo(golden.get("source_sha256").asText());

        Path out = dir.resolve(model + "-" + target + ".gguf");
        List<ModelQuantizer.Progress> progress = new ArrayList<>();
        try (GgufFile in = GgufFile.open(source); OutputStream o = Files.newOutputStream(out)) {
            ModelQuantizer.write(in, target, workers, o, progress::add);
        }

        List<String> expected = new ArrayList<>(), actual = new ArrayList<>();
        for (JsonNode t : golden.get("tensors")) {
            expected.add(t.get("name").asText() + " " + t.get("type").asText() + " " + t.get("sha256").asText());
        }
        try (GgufFile q = GgufFile.open(out)) {
            for (GgufTensorInfo t : q.tensors().values()) {
                actual.add(t.name() + " " + t.type() + " " + sha256(q.tensorData(t).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
            }
            assertThat(q.metadata().getInt("general.file_type", -1)).isEqualTo(target.id);
        }
        assertThat(actual).as("tensors: name, type, SHA-256 of the data").containsExactlyElementsOf(expected);
        assertThat(sha256(out)).as("whole file").isEqualTo(golden.get("sha256").asText());

        assertThat(progress).hasSize(expected.size());
        ModelQuantizer.Progress last = progress.getLast();
        assertThat(last.bytesDone()).isEqualTo(last.bytesTotal());
    }

    @Test
    void aModelNeverLandsOnTheHeap() throws IOException {
        Path big = ResidentMemoryTest.bigModel(dir.resolve("big.gguf")), out = dir.resolve("big-Q8_0.gguf");
        long size = Files.size(big), before = ResidentMemoryTest.heapUsed();
        long[] grown = {0};
        try (GgufFile in = GgufFile.open(big); OutputStream o = Files.newOutputStream(out)) {
            ModelQuantizer.write(in, FileType.Q8_0, workers, o,
                    p -> grown[0] = Math.max(grown[0], ResidentMemoryTest.heapUsed() - before));
        }
        System.out.printf("quantizing a %d-byte model grew the heap by at most %d bytes%n", size, grown[0]);
        assertThat(size).isGreaterThan(100L << 20);
        assertThat(grown[0]).as("largest heap growth between tensors while converting %d bytes", size).isLessThan(size / 10);
        try (GgufFile q = GgufFile.open(out)) {
            assertThat(q.tensor("blk.3.ffn_down.weight").type()).isEqualTo(GgmlType.Q8_0);
        }
        Files.delete(big);
        Files.delete(out);
    }

    @Test
    void quantizedSourceIsRefused() throws IOException {
        Path q8 = dir.resolve("refused-q8.gguf");
        try (GgufFile in = GgufFile.open(source("llama-f16")); OutputStream o = Files.newOutputStream(q8)) {
            ModelQuantizer.write(in, FileType.Q8_0, workers, o, p -> {});
        }
        try (GgufFile in = GgufFile.open(q8)) {
            assertThatThrownBy(() -> ModelQuantizer.plan(in, FileType.Q4_K_M))
                    .isInstanceOf(ModelQuantizer.UnsupportedSourceException.class)
                    .hasMessageContaining("from Q8_0 to");
        }
    }

    @Test
    void namesParseAsOllamaParsesThem() {
        assertThat(FileType.parse("q4_k_m")).contains(FileType.Q4_K_M);
        assertThat(FileType.parse("Q4_K")).contains(FileType.Q4_K_M);
        assertThat(FileType.parse("q4_K_S")).contains(FileType.Q4_K_S);
        assertThat(FileType.parse("Q8_0")).contains(FileType.Q8_0);
        assertThat(FileType.parse("f16")).contains(FileType.F16);
        assertThat(FileType.parse("q4_0")).isEmpty();
        assertThat(FileType.Q4_K_M.defaultType).isEqualTo(GgmlType.Q4_K);
    }

    private static Path source(String model) throws IOException {
        Path p = dir.resolve(model + ".gguf");
        if (!Files.exists(p)) QuantizeTestModels.write(model, p);
        return p;
    }

    private static JsonNode golden(String name) throws IOException {
        try (InputStream in = ModelQuantizerTest.class.getResourceAsStream("/quantize/" + name + ".json")) {
            if (in == null) throw new IOException("no golden quantize/" + name + ".json");
            return new ObjectMapper().readTree(in);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
