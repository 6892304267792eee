package dev.jollama.engine.runtime;

import dev.jollama.engine.model.Embedder;
import dev.jollama.engine.model.KvCacheType;
import dev.jollama.engine.model.OpenEmbedder;
import dev.jollama.engine.model.Pooling;
import dev.jollama.engine.model.RandomEncoders;
import dev.jollama.engine.tensor.Workers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EmbeddingQueueTest {
    @TempDir
    Path dir;

    /** Counts the forward calls of a real embedder; its first call holds until the other callers wait. */
    private static final class Counting implements Embedder {
        final Embedder inner;
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch othersWaiting;

        Counting(Embedder inner, CountDownLatch othersWaiting) {
            this.inner = inner;
            this.othersWaiting = othersWaiting;
        }

        public int dimension() { return inner.dimension(); }
        public Pooling pooling() { return inner.pooling(); }
        public int maxSequenceLength() { return inner.maxSequenceLength(); }
        public void check(int[] sequence) { inner.check(sequence); }

        public float[][] embed(int[][] sequences) {
            if (calls.incrementAndGet() == 1) {
                try {
                    othersWaiting.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return inner.embed(sequences);
        }
    }

    @Test
    void concurrentCallersShareForwardPassesAndGetTheirOwnVectors() throws Exception {
        Path file = dir.resolve("bert.gguf");
        RandomEncoders.write("bert", file);
        int callers = 6;
        try (Workers workers = new Workers(2); OpenEmbedder m = OpenEmbedder.open(file, workers, KvCacheType.F16)) {
            CountDownLatch othersWaiting = new CountDownLatch(1);
            Counting counting = new Counting(m.embedder(), othersWaiting);
            EmbeddingQueue queue = new EmbeddingQueue(counting);
            List<int[][]> inputs = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                inputs.add(new int[][]{m.tokens("caller " + c + " asks a question"), m.tokens("and another one, number " + c)});
            }
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            try {
                List<Future<float[][]>> results = new ArrayList<>();
                results.add(pool.submit(() -> queue.embed(inputs.get(0))));
                while (counting.calls.get() == 0) Thread.sleep(5);
                for (int c = 1; c < callers; c++) {
                    int[][] in = inputs.get(c);
                    results.add(pool.submit(() -> queue.embed(in)));
                }
                while (queue.waiting() < callers - 1) Thread.sleep(5);
                othersWaiting.countDown();
                for (int c = 0; c < callers; c++) {
                    float[][] got = results.get(c).get(60, TimeUnit.SECONDS);
                    float[][] alone = m.embedder().embed(inputs.get(c));
                    assertThat(got).hasSameDimensionsAs(alone);
                    for (int i = 0; i < got.length; i++) assertThat(got[i]).containsExactly(alone[i], within(1e-5f));
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(counting.calls.get()).as("the first caller's pass, then one pass for all the others").isEqualTo(2);
        }
    }

    @Test
    void refusesBadSequencesBeforeTheyJoinABatch() throws Exception {
        Path file = dir.resolve("bert.gguf");
        RandomEncoders.write("bert", file);
        try (Workers workers = new Workers(1); OpenEmbedder m = OpenEmbedder.open(file, workers, KvCacheType.F16)) {
            EmbeddingQueue queue = new EmbeddingQueue(m.embedder());
            assertThatThrownBy(() -> queue.embed(new int[][]{m.tokens("fine"), new int[600]}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("600 tokens");
            assertThat(queue.waiting()).isZero();
            assertThat(queue.embed(new int[][]{m.tokens("fine")})).hasDimensions(1, 64);
        }
    }
}
