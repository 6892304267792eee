package dev.jollama.engine.model;

import dev.jollama.engine.gguf.GgufMetadata;

/**
 * GGUF metadata read under an architecture's prefix ({@code llama.embedding_length} for "llama"), with checks: a
 * required key that is missing or of the wrong kind, or a count that is negative or absurd, is a
 * {@link ModelFormatException} naming the key.
 */
public final class ModelMetadata {
    /** Upper bound for any dimension read from metadata; real models stay far below it. */
    static final long MAX_DIMENSION = 1L << 24;

    private final GgufMetadata metadata;
    private final String arch;

    public ModelMetadata(GgufMetadata metadata, String arch) {
        this.metadata = metadata;
        this.arch = arch;
    }

    public GgufMetadata raw() {
        return metadata;
    }

    public String architecture() {
        return arch;
    }

    public String key(String suffix) {
        return arch + "." + suffix;
    }

    public boolean has(String suffix) {
        return metadata.contains(key(suffix));
    }

    /** A positive count or dimension that must be present. */
    public int requireCount(String suffix) throws ModelFormatException {
        if (!has(suffix)) throw new ModelFormatException("missing metadata key " + key(suffix));
        return count(suffix, 0);
    }

    /** A count or dimension in [0, MAX_DIMENSION], or {@code fallback} when absent. */
    public int count(String suffix, int fallback) throws ModelFormatException {
        String k = key(suffix);
        if (!metadata.contains(k)) return fallback;
        Object v = metadata.get(k);
        if (v instanceof dev.jollama.engine.gguf.GgufArray) return uniformCount(suffix, -1);
        if (!(v instanceof Number n) || v instanceof Float || v instanceof Double) {
            throw new ModelFormatException("metadata key " + k + " must be an integer, found " + metadata.type(k));
        }
        long x = n.longValue();
        if (x < 0 || x > MAX_DIMENSION) throw new ModelFormatException("metadata key " + k + " has an absurd value " + x);
        return (int) x;
    }

    /**
     * A per-layer count stored either as one integer or as an array with one value per layer (llama.cpp accepts both);
     * the engine needs the same value for every layer.
     */
    public int uniformCount(String suffix, int fallback) throws ModelFormatException {
        String k = key(suffix);
        if (!metadata.contains(k)) return fallback;
        if (!(metadata.get(k) instanceof dev.jollama.engine.gguf.GgufArray)) return count(suffix, fallback);
        int[] values = metadata.getIntArray(k);
        if (values == null || values.length == 0) throw new ModelFormatException("metadata key " + k + " must be an integer array");
        for (int v : values) {
            if (v != values[0]) throw new ModelFormatException("per-layer values of " + k + " differ; such models are not supported");
            if (v < 0 || v > MAX_DIMENSION) throw new ModelFormatException("metadata key " + k + " has an absurd value " + v);
        }
        return values[0];
    }

    public float number(String suffix, float fallback) throws ModelFormatException {
        String k = key(suffix);
        if (!metadata.contains(k)) return fallback;
        if (!(metadata.get(k) instanceof Number n)) throw new ModelFormatException("metadata key " + k + " must be a number, found " + metadata.type(k));
        float f = n.floatValue();
        if (!Float.isFinite(f)) throw new ModelFormatException("metadata key " + k + " is not finite");
        return f;
    }

    public String string(String suffix, String fallback) {
        return metadata.getString(key(suffix), fallback);
    }

    public boolean flag(String suffix, boolean fallback) {
        return metadata.getBool(key(suffix), fallback);
    }
}
