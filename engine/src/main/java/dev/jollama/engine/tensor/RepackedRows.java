package dev.jollama.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

/**
 * The load-time repacking of a matrix's rows into a layout of the same size ({@link WeightTensor#repacked}): into
 * new memory from {@code memory}, or over the matrix's own bytes when it is null, the rows split over the workers.
 */
final class RepackedRows {
    private RepackedRows() {}

    /** How a range of rows is rewritten from src into dst, each row at its own offset (per-thread buffers made here). */
    @FunctionalInterface
    interface Rewrite {
        Workers.RangeTask rows(MemorySegment src, MemorySegment dst);
    }

    /** The segment that holds w's rows rewritten. */
    static MemorySegment of(WeightTensor w, SegmentAllocator memory, Workers workers, Rewrite rewrite) {
        MemorySegment copy = memory != null ? memory.allocate((long) w.rows() * w.rowBytes(), 64) : w.data();
        Workers.RangeTask task = (from, to) -> rewrite.rows(w.data(), copy).run(from, to);
        if (workers == null) task.run(0, w.rows());
        else workers.forRange(w.rows(), 64, task);
        return copy;
    }
}
