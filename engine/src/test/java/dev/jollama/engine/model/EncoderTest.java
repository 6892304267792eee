package dev.jollama.engine.model;

import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.tensor.Workers;
import dev.jollama.engine.tokenizer.Tokenizer;
import dev.jollama.engine.tokenizer.Tokenizers;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The encoder architectures against llama.cpp's embeddings of the same files. */
class EncoderTest {
    @TempDir
    static Path dir;
    static Workers workers;

    @BeforeAll
    static void start() {
        workers = new Workers(2);
    }

    @AfterAll
    static void stop() {
        workers.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert", "nomic-bert"})
    void randomEncoderMatchesLlamaCpp(String name) throws IOException {
        Path file = dir.resolve(name + ".gguf");
        RandomEncoders.write(name, file);
        EmbedGolden golden = EmbedGolden.load(name);
        assertThat(Golden.sha256(file)).as("the writer must reproduce the file the goldens were made from").isEqualTo(golden.sha256());
        checkAgainst(file, golden, 0.99999);
    }

    @Test
    void allMiniLmMatchesLlamaCpp() throws IOException {
        checkAgainst(TestData.requireShared("models/all-minilm-l6-v2-f16.gguf"), EmbedGolden.load("all-minilm"), 0.9999);
    }

    private static void checkAgainst(Path file, EmbedGolden golden, double minCosine) throws IOException {
        try (GgufFile f = GgufFile.open(file)) {
            Tokenizer tokenizer = Tokenizers.fromMetadata(f.metadata());
            ModelConfig c = ModelConfig.read(f.metadata());
            Encoder encoder = new Encoder(c, EncoderWeights.load(f, c), workers, 2048);
            int[][] sequences = new int[golden.texts().size()][];
            for (int i = 0; i < sequences.length; i++) {
                sequences[i] = tokenizer.encode(golden.texts().get(i), true, false);
                assertThat(sequences[i]).as("tokens of %s", golden.texts().get(i)).containsExactly(golden.tokenIds().get(i));
            }
            float[][] batched = encoder.embed(sequences);
            for (int i = 0; i < sequences.length; i++) {
                float[] alone = encoder.embed(new int[][]{sequences[i]})[0];
                assertThat(EmbedGolden.cosine(alone, golden.embeddings().get(i))).as("alone: %s", golden.texts().get(i)).isGreaterThanOrEqualTo(minCosine);
                assertThat(EmbedGolden.cosine(batched[i], golden.embeddings().get(i))).as("batched: %s", golden.texts().get(i)).isGreaterThanOrEqualTo(minCosine);
            }
        }
    }
}
