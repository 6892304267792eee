package dev.jollama.engine.model;

import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.tensor.Workers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The tiled prompt attention (chunks with at least {@link Attention#TILE_TOKENS} tokens of one sequence) against the
 * query-by-query path, on every architecture's random model: GQA groups of 1 to 4, head sizes 16 and 32, sliding
 * windows shorter than a tile, attention soft-capping, several key tiles, and a batch mixing a long prompt with other
 * sequences' single tokens.
 */
class TiledAttentionTest {
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

    static List<String> architectures() {
        return RandomModels.ARCHITECTURES;
    }

    static int[] tokens(int n, int vocab, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) t[i] = r.nextInt(vocab);
        return t;
    }

    /** Logits of every 10th position and the last, feeding the prompt in chunks of {@code chunk} tokens. */
    static float[][] logits(Transformer t, ModelConfig c, KvCacheType type, int[] prompt, int chunk) {
        KvCache cache = KvCache.create(type, c, 512);
        Batch b = new Batch(512);
        float[][] out = new float[prompt.length][];
        for (int from = 0; from < prompt.length; from += chunk) {
            b.clear();
            int to = Math.min(prompt.length, from + chunk);
            int[] rows = new int[to - from];
            for (int i = from; i < to; i++) rows[i - from] = b.add(cache, prompt[i], i % 10 == 0 || i == prompt.length - 1);
            t.forward(b);
            for (int i = from; i < to; i++) {
                int r = rows[i - from];
                if (r >= 0) out[i] = Arrays.copyOfRange(b.logits(), r * c.vocabSize(), (r + 1) * c.vocabSize());
            }
        }
        return out;
    }

    /** Largest logit difference relative to the largest logit magnitude, per position, within {@code tolerance}. */
    static void assertClose(float[][] actual, float[][] expected, float tolerance, String what) {
        float worstAll = 0;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] == null) continue;
            float worst = 0, scale = 0;
            for (int v = 0; v < expected[i].length; v++) {
                worst = Math.max(worst, Math.abs(actual[i][v] - expected[i][v]));
                scale = Math.max(scale, Math.abs(expected[i][v]));
            }
            worstAll = Math.max(worstAll, worst / scale);
            assertThat(worst / scale).as("%s: largest relative logit difference at position %d", what, i).isLessThanOrEqualTo(tolerance);
        }
        System.out.printf("%s: largest relative logit difference %.2e%n", what, worstAll);
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void tiledEqualsQueryByQuery(String name) throws IOException {
        Path file = dir.resolve(RandomModels.fileName(name));
        RandomModels.writeArchitecture(name, file);
        try (GgufFile f = GgufFile.open(file)) {
            ModelConfig c = ModelConfig.read(f.metadata());
            Transformer t = new Transformer(c, ModelWeights.load(f, c), workers, 512, 512);
            int[] prompt = tokens(150, c.vocabSize(), name.hashCode());
            // F32 cache: both paths compute in float, so only summation order and exp's last bit differ
            float[][] oneByOne = logits(t, c, KvCacheType.F32, prompt, 1);
            float[][] tiled = logits(t, c, KvCacheType.F32, prompt, 150);
            float[][] tiledThenChunked = logits(t, c, KvCacheType.F32, prompt, 70);
            assertClose(tiled, oneByOne, 1e-3f, name + " F32 tiled");
            assertClose(tiledThenChunked, oneByOne, 1e-3f, name + " F32 chunks of 70");
            assertClose(logits(t, c, KvCacheType.F32, prompt, 32), oneByOne, 1e-3f, name + " F32 chunks of 32 (untiled)");
            // F16 cache: the query-by-query path keeps ggml's F16 running sums, the tiled one floats (as llama.cpp)
            float[][] f16OneByOne = logits(t, c, KvCacheType.F16, prompt, 1);
            assertClose(f16OneByOne, oneByOne, 1, name + " F16 vs F32 one by one (reference spread)");
            assertClose(logits(t, c, KvCacheType.F16, prompt, 150), f16OneByOne, 2e-2f, name + " F16 tiled");
        }
    }

    @Test
    void aLongPromptAndOtherSequencesShareABatch() throws IOException {
        Path file = dir.resolve("mixed-" + RandomModels.fileName("llama3"));
        RandomModels.writeArchitecture("llama3", file);
        try (GgufFile f = GgufFile.open(file)) {
            ModelConfig c = ModelConfig.read(f.metadata());
            Transformer t = new Transformer(c, ModelWeights.load(f, c), workers, 512, 512);
            int v = c.vocabSize();
            int[] longPrompt = tokens(100, v, 1), shortPrompt = tokens(20, v, 2);
            float[] longAlone = logits(t, c, KvCacheType.F32, longPrompt, 1)[99];
            float[] shortAlone = logits(t, c, KvCacheType.F32, Arrays.copyOf(shortPrompt, 20), 1)[19];
            KvCache a = KvCache.create(KvCacheType.F32, c, 512), s = KvCache.create(KvCacheType.F32, c, 512);
            Batch b = new Batch(512);
            for (int i = 0; i < 19; i++) b.add(s, shortPrompt[i], false);
            t.forward(b);
            b.clear();
            // the short sequence's next token first, then the long prompt, in one batch
            int rs = b.add(s, shortPrompt[19], true);
            int ra = -1;
            for (int i = 0; i < 100; i++) ra = Math.max(ra, b.add(a, longPrompt[i], i == 99));
            t.forward(b);
            float[] gotShort = Arrays.copyOfRange(b.logits(), rs * v, rs * v + v), gotLong = Arrays.copyOfRange(b.logits(), ra * v, ra * v + v);
            for (int i = 0; i < v; i++) {
                assertThat(gotShort[i]).as("short sequence logit %d", i).isCloseTo(shortAlone[i], within(1e-3f));
                assertThat(gotLong[i]).as("long sequence logit %d", i).isCloseTo(longAlone[i], within(1e-3f));
            }
        }
    }
}
