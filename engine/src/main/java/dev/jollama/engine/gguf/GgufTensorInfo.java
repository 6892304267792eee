package dev.jollama.engine.gguf;

import dev.jollama.engine.tensor.GgmlType;

import java.util.Arrays;

/**
 * One tensor of a GGUF file. {@code shape} is in GGML order: shape[0] is the number of elements in a row (the
 * contiguous dimension). {@code offset} is relative to the start of the tensor data section.
 */
public record GgufTensorInfo(String name, GgmlType type, long[] shape, long offset) {

    public long elementCount() {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    public long byteSize() {
        return type.bytesFor(elementCount());
    }

    /** Elements per row (shape[0]). */
    public long rowLength() {
        return shape[0];
    }

    /** Rows: the product of all dimensions but the first. */
    public long rowCount() {
        return elementCount() / Math.max(1, shape[0]);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensorInfo t && name.equals(t.name) && type == t.type && Arrays.equals(shape, t.shape)
                && offset == t.offset;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }
}
