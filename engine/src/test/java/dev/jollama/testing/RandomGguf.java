package dev.jollama.testing;

import dev.jollama.engine.gguf.GgufArray;
import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.gguf.GgufWriter;
import dev.jollama.engine.tensor.GgmlType;
import dev.jollama.engine.tensor.Tensors;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes GGUF files with random weights, deterministically: the same calls with the same seed give a byte-identical
 * file. Matrices are generated in chunks while writing, so files far larger than the heap are fine.
 */
public final class RandomGguf {
    private final long seed;
    private final GgufMetadata metadata = new GgufMetadata();
    private final GgufWriter writer = new GgufWriter(metadata);

    public RandomGguf(long seed) {
        this.seed = seed;
    }

    public GgufMetadata metadata() {
        return metadata;
    }

    /** Copies every {@code tokenizer.*} key of a (vocabulary-only) GGUF file. */
    public RandomGguf copyTokenizer(Path vocabGguf) throws IOException {
        try (GgufFile f = GgufFile.open(vocabGguf)) {
            for (String k : f.metadata().keys()) {
                if (k.startsWith("tokenizer.")) metadata.put(k, f.metadata().type(k), f.metadata().raw(k));
            }
        }
        return this;
    }

    /** Token count of the copied vocabulary. */
    public int vocabSize() {
        GgufArray tokens = metadata.getArray("tokenizer.ggml.tokens");
        if (tokens == null) throw new IllegalStateException("no tokenizer copied");
        return tokens.length();
    }

    /** A matrix of {@code rows} x {@code cols} (GGUF shape [cols, rows]) with values within about [-scale, scale]. */
    public RandomGguf matrix(String name, GgmlType type, int cols, int rows, float scale) {
        return tensor(name, type, new long[]{cols, rows}, scale);
    }

    /** A tensor of any shape (GGML order, shape[0] = row length) with values within about [-scale, scale]. */
    public RandomGguf tensor(String name, GgmlType type, long[] shape, float scale) {
        long tensorSeed = seedFor(name);
        long cols = shape[0], rows = 1;
        for (int i = 1; i < shape.length; i++) rows *= shape[i];
        long rowBytes = type.bytesFor(cols), allRows = rows;
        int rowsPerChunk = (int) Math.max(1, (1 << 20) / rowBytes);
        writer.addTensor(name, type, shape, new GgufWriter.TensorSource() {
            public long byteSize() {
                return rowBytes * allRows;
            }

            public void writeTo(OutputStream out) throws IOException {
                for (long r = 0, chunk = 0; r < allRows; r += rowsPerChunk, chunk++) {
                    long n = Math.min(rowsPerChunk, allRows - r);
                    out.write(Tensors.randomBlocks(type, n * cols, tensorSeed + chunk, scale));
                }
            }
        });
        return this;
    }

    /** An F32 vector with values uniform in [center - spread, center + spread] (norm weights, biases). */
    public RandomGguf vector(String name, int n, float center, float spread) {
        SplittableRandom r = new SplittableRandom(seedFor(name));
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = center + (float) (r.nextDouble() * 2 - 1) * spread;
        return floats(name, v);
    }

    /** An F32 vector with the given values. */
    public RandomGguf floats(String name, float[] values) {
        writer.addTensor(name, GgmlType.F32, new long[]{values.length}, GgufWriter.TensorSource.ofFloats(values));
        return this;
    }

    public void write(Path path) throws IOException {
        writer.write(path);
    }

    private long seedFor(String name) {
        long z = seed * 0x9E3779B97F4A7C15L + name.hashCode();
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
