package dev.jollama.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.util.random.RandomGenerator;

/**
 * What jollama can do with one GGML type: compute with it, write random valid blocks of it (for test models), and,
 * for some types, quantize floats into it. Each tensor class declares one; {@link Tensors} lists them.
 */
record TypeSupport(GgmlType type, Factory factory, RandomBlock randomBlock, Quantizer quantizer) {

    @FunctionalInterface
    interface Factory {
        WeightTensor create(MemorySegment data, int rows, int cols);
    }

    /** Writes one valid block with values within about [-scale, scale] at dst[offset ..). */
    @FunctionalInterface
    interface RandomBlock {
        void write(RandomGenerator random, float scale, MemorySegment dst, long offset);
    }

    /** Quantizes one block of floats in[from .. from + blockSize) into dst[offset ..). */
    @FunctionalInterface
    interface Quantizer {
        void quantize(float[] in, int from, MemorySegment dst, long offset);
    }
}
