package dev.jollama.engine.model;

import dev.jollama.engine.tensor.Workers;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedding architectures (encoders, and a decoder with last-token pooling) against llama.cpp's embeddings of the same files. */
class EmbedderTest {
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
    @ValueSource(strings = {"bert", "nomic-bert", "qwen3-embedding"})
    void randomModelMatchesLlamaCpp(String name) throws IOException {
        Path file = dir.resolve(name + ".gguf");
        RandomEncoders.write(name, file);
        EmbedGolden golden = EmbedGolden.load(name);
        assertThat(Golden.sha256(file)).as("the writer must reproduce the file the goldens were made from").isEqualTo(golden.sha256());
        checkAgainst(file, golden, KvCacheType.F32, 0.99999);
        // llama.cpp's F16 KV cache rounds keys and values; ours rounds differently, which long random inputs show
        if (name.equals("qwen3-embedding")) checkAgainst(file, golden, KvCacheType.F16, 0.9999);
    }

    @Test
    void allMiniLmMatchesLlamaCpp() throws IOException {
        checkAgainst(TestData.requireShared("models/all-minilm-l6-v2-f16.gguf"), EmbedGolden.load("all-minilm"), KvCacheType.F16, 0.9999);
    }

    private static void checkAgainst(Path file, EmbedGolden golden, KvCacheType cache, double minCosine) throws IOException {
        try (OpenEmbedder m = OpenEmbedder.open(file, workers, cache)) {
            int[][] sequences = new int[golden.texts().size()][];
            for (int i = 0; i < sequences.length; i++) {
                sequences[i] = m.tokens(golden.texts().get(i));
                assertThat(sequences[i]).as("tokens of %s", golden.texts().get(i)).containsExactly(golden.tokenIds().get(i));
            }
            float[][] batched = m.embedder().embed(sequences);
            for (int i = 0; i < sequences.length; i++) {
                float[] alone = m.embedder().embed(new int[][]{sequences[i]})[0];
                assertThat(EmbedGolden.cosine(alone, golden.embeddings().get(i))).as("alone: %s", golden.texts().get(i)).isGreaterThanOrEqualTo(minCosine);
                assertThat(EmbedGolden.cosine(batched[i], golden.embeddings().get(i))).as("batched: %s", golden.texts().get(i)).isGreaterThanOrEqualTo(minCosine);
            }
        }
    }

    @Test
    void batchOf64SentencesEqualsEachAlone() throws IOException {
        try (OpenEmbedder m = OpenEmbedder.open(TestData.requireShared("models/all-minilm-l6-v2-f16.gguf"), workers, KvCacheType.F16)) {
            int[][] sequences = new int[64][];
            for (int i = 0; i < 64; i++) sequences[i] = m.tokens(sentence(i));
            float[][] batched = m.embedder().embed(sequences);
            for (int i = 0; i < 64; i++) {
                float[] alone = m.embedder().embed(new int[][]{sequences[i]})[0];
                assertThat(EmbedGolden.cosine(batched[i], alone)).as("sentence %d: %s", i, sentence(i)).isGreaterThanOrEqualTo(0.99999);
            }
        }
    }

    @Test
    void refusesWhatItCannotEmbed() throws IOException {
        Path file = dir.resolve("bert-refuse.gguf");
        RandomEncoders.write("bert", file);
        try (OpenEmbedder m = OpenEmbedder.open(file, workers, KvCacheType.F16)) {
            Embedder e = m.embedder();
            assertThat(e.maxSequenceLength()).isEqualTo(512);
            assertThatThrownBy(() -> e.embed(new int[][]{{}})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
            assertThatThrownBy(() -> e.embed(new int[][]{new int[513]})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("513 tokens");
            assertThatThrownBy(() -> e.embed(new int[][]{{101, 40000, 102}})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("40000");
            assertThat(e.embed(new int[0][])).isEmpty();
        }
    }

    /** Sentences of different lengths and vocabularies, so that the batch mixes short and long sequences. */
    static String sentence(int i) {
        String[] subjects = {"The cat", "A young engineer", "Our committee", "The weather in the mountains", "My grandmother's recipe"};
        String[] verbs = {"quietly changes", "has described", "will never forget", "keeps asking about", "ignored"};
        String[] objects = {"the meeting.", "a strange noise coming from the basement last night.", "tea.",
                "the results of the third experiment, which nobody expected to be so clear.", "everything, again and again!"};
        return subjects[i % 5] + " " + verbs[(i / 5) % 5] + " " + objects[(i / 25 + i) % 5] + (i % 3 == 0 ? " Why?" : "");
    }
}
