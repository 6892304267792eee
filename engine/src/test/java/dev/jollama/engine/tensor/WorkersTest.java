package dev.jollama.engine.tensor;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkersTest {
    @Test
    void everyIndexRunsExactlyOnceAcrossManyJobs() {
        try (Workers workers = new Workers(3)) {
            for (int job = 0; job < 2000; job++) {
                int n = 1 + job % 97, grain = 1 + job % 5;
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                workers.forRange(n, grain, (from, to) -> {
                    for (int i = from; i < to; i++) hits.incrementAndGet(i);
                });
                for (int i = 0; i < n; i++) assertThat(hits.get(i)).as("job %d index %d of %d", job, i, n).isEqualTo(1);
            }
        }
    }

    @Test
    void chunksStartAtMultiplesOfTheGrainAndAThreadThatStallsHoldsUpOnlyItsChunk() throws Exception {
        try (Workers workers = new Workers(2)) {
            java.util.List<int[]> chunks = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            java.util.concurrent.atomic.AtomicInteger workerChunks = new java.util.concurrent.atomic.AtomicInteger();
            Thread caller = Thread.currentThread();
            workers.forRange(1000, 64, (from, to) -> {
                chunks.add(new int[] {from, to});
                if (Thread.currentThread() != caller && workerChunks.getAndIncrement() == 0) {
                    try {
                        Thread.sleep(200); // a preempted worker: the caller claims the other chunks meanwhile
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            assertThat(chunks).hasSizeGreaterThan(2).allSatisfy(c -> assertThat(c[0] % 64).isZero());
            assertThat(chunks.stream().mapToInt(c -> c[1] - c[0]).sum()).isEqualTo(1000);
            assertThat(workerChunks.get()).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void eachThreadRunsItsOwnShareFrontToBack() {
        try (Workers workers = new Workers(2)) {
            for (int job = 0; job < 200; job++) {
                java.util.List<Integer> callerChunks = new java.util.ArrayList<>();
                Thread caller = Thread.currentThread();
                workers.forRange(64 * 16, 64, (from, to) -> {
                    if (Thread.currentThread() == caller) callerChunks.add(from);
                });
                // the caller owns the first half; whatever the worker took, it took from that half's back end
                java.util.List<Integer> own = callerChunks.stream().filter(f -> f < 64 * 8).toList();
                for (int i = 0; i < own.size(); i++) assertThat(own.get(i)).as("job %d", job).isEqualTo(64 * i);
            }
        }
    }

    @Test
    void aWorkersExceptionReachesTheCallerAndThePoolStaysUsable() {
        try (Workers workers = new Workers(2)) {
            assertThatThrownBy(() -> workers.forRange(100, 1, (from, to) -> {
                if (from > 0) throw new IllegalArgumentException("boom " + from);
            })).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("boom");
            AtomicIntegerArray hits = new AtomicIntegerArray(10);
            workers.forRange(10, 1, (from, to) -> {
                for (int i = from; i < to; i++) hits.incrementAndGet(i);
            });
            for (int i = 0; i < 10; i++) assertThat(hits.get(i)).isEqualTo(1);
        }
    }

    @Test
    void aNestedCallRunsOnTheCallingThread() {
        try (Workers workers = new Workers(2)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(64);
            workers.forRange(8, 1, (from, to) -> {
                for (int i = from; i < to; i++) {
                    int base = i * 8;
                    workers.forRange(8, 1, (a, b) -> {
                        for (int k = a; k < b; k++) hits.incrementAndGet(base + k);
                    });
                }
            });
            for (int i = 0; i < 64; i++) assertThat(hits.get(i)).isEqualTo(1);
        }
    }
}
