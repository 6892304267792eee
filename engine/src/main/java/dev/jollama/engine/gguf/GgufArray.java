package dev.jollama.engine.gguf;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * A GGUF array value. {@code values} is a Java array matching {@code elementType}: byte[] for (U)INT8, short[] for
 * (U)INT16, int[] for (U)INT32, long[] for (U)INT64, float[], double[], boolean[], String[], or GgufArray[] for
 * nested arrays. Unsigned values keep their bits; {@link #get(int)} widens them.
 */
public record GgufArray(GgufValueType elementType, Object values) {

    public GgufArray {
        if (elementType == null || values == null || !values.getClass().isArray()) {
            throw new IllegalArgumentException("a GGUF array needs an element type and a Java array");
        }
    }

    public int length() {
        return Array.getLength(values);
    }

    /** Element i, with unsigned types widened to a non-negative Integer or Long. */
    public Object get(int i) {
        return GgufMetadata.widen(elementType, Array.get(values, i));
    }

    /** All elements as a list of widened values (nested arrays as nested lists). */
    public List<Object> toList() {
        int n = length();
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Object v = get(i);
            out.add(v instanceof GgufArray a ? a.toList() : v);
        }
        return out;
    }
}
