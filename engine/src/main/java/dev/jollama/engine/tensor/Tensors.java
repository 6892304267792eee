package dev.jollama.engine.tensor;

import java.lang.foreign.MemorySegment;

/** Creates the {@link WeightTensor} class for a GGML type. */
public final class Tensors {
    private Tensors() {}

    public static WeightTensor of(GgmlType type, MemorySegment data, int rows, int cols) {
        return switch (type) {
            case F32 -> new F32Tensor(data, rows, cols);
            default -> throw new UnsupportedTensorTypeException(type);
        };
    }

    /** A tensor type the engine cannot compute with. */
    public static final class UnsupportedTensorTypeException extends IllegalArgumentException {
        public UnsupportedTensorTypeException(GgmlType type) {
            super("tensor type " + type + " is not supported");
        }
    }
}
