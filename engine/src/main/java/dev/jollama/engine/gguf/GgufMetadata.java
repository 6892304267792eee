package dev.jollama.engine.gguf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * GGUF key/value metadata in file order. Scalars are held as Byte, Short, Integer, Long, Float, Double, Boolean or
 * String with their GGUF type beside them; arrays as {@link GgufArray}. Typed getters widen unsigned values and
 * accept any integer type for an integer request, as llama.cpp does.
 */
public final class GgufMetadata {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, GgufValueType> types = new LinkedHashMap<>();

    public GgufMetadata put(String key, GgufValueType type, Object value) {
        values.put(key, value);
        types.put(key, type);
        return this;
    }

    public GgufMetadata putString(String key, String value) {
        return put(key, GgufValueType.STRING, value);
    }

    public GgufMetadata putUInt32(String key, int value) {
        return put(key, GgufValueType.UINT32, value);
    }

    public GgufMetadata putInt32(String key, int value) {
        return put(key, GgufValueType.INT32, value);
    }

    public GgufMetadata putFloat32(String key, float value) {
        return put(key, GgufValueType.FLOAT32, value);
    }

    public GgufMetadata putBool(String key, boolean value) {
        return put(key, GgufValueType.BOOL, value);
    }

    public GgufMetadata putArray(String key, GgufArray value) {
        return put(key, GgufValueType.ARRAY, value);
    }

    public GgufMetadata remove(String key) {
        values.remove(key);
        types.remove(key);
        return this;
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    public int size() {
        return values.size();
    }

    public GgufValueType type(String key) {
        return types.get(key);
    }

    /** The value as stored (unsigned bits not widened), or null. */
    public Object raw(String key) {
        return values.get(key);
    }

    /** The value with unsigned integers widened; arrays stay {@link GgufArray}. */
    public Object get(String key) {
        Object v = values.get(key);
        return v == null ? null : widen(types.get(key), v);
    }

    public String getString(String key, String fallback) {
        return values.get(key) instanceof String s ? s : fallback;
    }

    public long getLong(String key, long fallback) {
        return get(key) instanceof Number n && !(n instanceof Float || n instanceof Double) ? n.longValue() : fallback;
    }

    public int getInt(String key, int fallback) {
        long v = getLong(key, fallback);
        return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v;
    }

    public float getFloat(String key, float fallback) {
        return get(key) instanceof Number n ? n.floatValue() : fallback;
    }

    public boolean getBool(String key, boolean fallback) {
        return values.get(key) instanceof Boolean b ? b : fallback;
    }

    public GgufArray getArray(String key) {
        return values.get(key) instanceof GgufArray a ? a : null;
    }

    public String[] getStringArray(String key) {
        GgufArray a = getArray(key);
        return a != null && a.values() instanceof String[] s ? s : null;
    }

    public float[] getFloatArray(String key) {
        GgufArray a = getArray(key);
        return a != null && a.values() instanceof float[] f ? f : null;
    }

    /** An integer array of any width, widened to int (unsigned types keep their value when it fits). */
    public int[] getIntArray(String key) {
        GgufArray a = getArray(key);
        if (a == null) return null;
        int n = a.length();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            if (!(a.get(i) instanceof Number v) || v instanceof Float || v instanceof Double) return null;
            out[i] = v.intValue();
        }
        return out;
    }

    /** Unsigned types widened: UINT8/UINT16 to Integer, UINT32/UINT64 to Long (UINT64 beyond Long.MAX stays negative). */
    static Object widen(GgufValueType type, Object v) {
        return switch (type) {
            case UINT8 -> ((Byte) v) & 0xFF;
            case UINT16 -> ((Short) v) & 0xFFFF;
            case UINT32 -> Integer.toUnsignedLong((Integer) v);
            default -> v;
        };
    }

    @Override
    public String toString() {
        return "GgufMetadata" + values.keySet();
    }
}
