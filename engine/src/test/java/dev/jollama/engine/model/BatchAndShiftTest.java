package dev.jollama.engine.model;

import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.tensor.Workers;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The forward pass over mixed-sequence batches, and the KV cache's context shift, on stories260K. */
class BatchAndShiftTest {
    static GgufFile file;
    static Workers workers;
    static ModelConfig config;
    static Transformer transformer;
    static final int[] TEXT = {1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426, 338, 401, 396, 267,
            337, 410, 408, 419, 292, 411, 322, 265, 282, 295, 433, 426, 385, 328, 432, 358, 394, 261, 370, 432};

    @BeforeAll
    static void load() throws IOException {
        file = GgufFile.open(TestData.stories260K());
        workers = new Workers(2);
        config = ModelConfig.read(file.metadata());
        transformer = new Transformer(config, ModelWeights.load(file, config), workers, 128, 16);
    }

    @AfterAll
    static void close() {
        workers.close();
        file.close();
    }

    static float[] lastLogits(KvCache cache, int[] tokens) {
        Batch b = new Batch(64);
        for (int i = 0; i < tokens.length; i++) b.add(cache, tokens[i], i == tokens.length - 1);
        transformer.forward(b);
        return Arrays.copyOf(b.logits(), config.vocabSize());
    }

    /** Same values up to summation order: the kernels take different paths for different batch sizes. */
    static void assertSameLogits(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) assertThat(actual[i]).as("logit %d", i).isCloseTo(expected[i], within(1e-4f));
    }

    @Test
    void sequencesInOneBatchGetTheirOwnResults() {
        int[] a = Arrays.copyOf(TEXT, 17), c = Arrays.copyOfRange(TEXT, 10, 40);
        float[] aliceAlone = lastLogits(KvCache.create(KvCacheType.F16, config, 128), a);
        float[] carolAlone = lastLogits(KvCache.create(KvCacheType.F16, config, 128), c);

        // both prompts interleaved in one batch (larger than num_batch, so also chunked), then one decode step each
        KvCache ka = KvCache.create(KvCacheType.F16, config, 128), kc = KvCache.create(KvCacheType.F16, config, 128);
        Batch b = new Batch(64);
        int ra = -1, rc = -1;
        for (int i = 0; i < Math.max(a.length, c.length); i++) {
            if (i < a.length) { int r = b.add(ka, a[i], i == a.length - 1); if (r >= 0) ra = r; }
            if (i < c.length) { int r = b.add(kc, c[i], i == c.length - 1); if (r >= 0) rc = r; }
        }
        transformer.forward(b);
        int v = config.vocabSize();
        assertSameLogits(Arrays.copyOfRange(b.logits(), ra * v, ra * v + v), aliceAlone);
        assertSameLogits(Arrays.copyOfRange(b.logits(), rc * v, rc * v + v), carolAlone);

        b.clear();
        int ra2 = b.add(ka, 5, true), rc2 = b.add(kc, 7, true);
        transformer.forward(b);
        float[] aNext = lastLogits(KvCache.create(KvCacheType.F16, config, 128), append(a, 5));
        float[] cNext = lastLogits(KvCache.create(KvCacheType.F16, config, 128), append(c, 7));
        assertSameLogits(Arrays.copyOfRange(b.logits(), ra2 * v, ra2 * v + v), aNext);
        assertSameLogits(Arrays.copyOfRange(b.logits(), rc2 * v, rc2 * v + v), cNext);
    }

    @Test
    void shiftedKeysEqualKeysComputedAtTheNewPositions() {
        // layer 0's keys depend only on the token and its position, so after a shift they must equal fresh ones
        KvCache shifted = KvCache.create(KvCacheType.F32, config, 128);
        lastLogits(shifted, TEXT);
        int keep = 5, discard = 12;
        shifted.shift(keep, discard, transformer::rotateKey);
        assertThat(shifted.length()).isEqualTo(TEXT.length - discard);

        int[] kept = new int[TEXT.length - discard];
        System.arraycopy(TEXT, 0, kept, 0, keep);
        System.arraycopy(TEXT, keep + discard, kept, keep, TEXT.length - keep - discard);
        KvCache fresh = KvCache.create(KvCacheType.F32, config, 128);
        lastLogits(fresh, kept);
        float[] a = new float[config.keyValueDim()], b = new float[config.keyValueDim()];
        for (int p = 0; p < kept.length; p++) {
            shifted.readKey(0, p, a);
            fresh.readKey(0, p, b);
            for (int i = 0; i < a.length; i++) assertThat(a[i]).as("key %d at position %d", i, p).isCloseTo(b[i], within(1e-4f));
        }
    }

    @Test
    void tokensOutsideTheVocabularyAreRejected() {
        KvCache cache = KvCache.create(KvCacheType.F16, config, 128);
        Batch b = new Batch(4);
        b.add(cache, config.vocabSize(), true);
        assertThatThrownBy(() -> transformer.forward(b)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the vocabulary");
        b.rollback();
        assertThat(cache.length()).isZero();
    }

    @Test
    void aFullCacheRefusesMorePositions() {
        KvCache cache = KvCache.create(KvCacheType.F16, config, 4);
        Batch b = new Batch(8);
        for (int i = 0; i < 4; i++) b.add(cache, TEXT[i], false);
        assertThatThrownBy(() -> b.add(cache, 5, true)).isInstanceOf(IllegalArgumentException.class);
    }

    static int[] append(int[] a, int t) {
        int[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = t;
        return out;
    }
}
