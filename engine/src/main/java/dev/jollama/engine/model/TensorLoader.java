package dev.jollama.engine.model;

import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.gguf.GgufTensorInfo;
import dev.jollama.engine.tensor.Tensors;
import dev.jollama.engine.tensor.WeightTensor;
import dev.jollama.engine.tensor.Workers;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/** Finds tensors by name and checks their shapes against the configuration before anything is computed. */
final class TensorLoader {
    private final GgufFile file;
    private final Workers workers;
    private final boolean mappedAsFiled;
    private final BooleanSupplier stopped;

    /** Repacks at once: from a mapped file into the file's memory, over the file's bytes when it was read into memory. */
    TensorLoader(GgufFile file, Workers workers) {
        this(file, workers, false, () -> false);
    }

    /**
     * @param mappedAsFiled leave the matrices of a mapped file in the file's layout (a {@link BackgroundRepack} repacks
     *                      them later); those of a file read into memory are still repacked in place
     * @param stopped       checked before each matrix: when true, loading ends with {@link Stopped}
     */
    TensorLoader(GgufFile file, Workers workers, boolean mappedAsFiled, BooleanSupplier stopped) {
        this.file = file;
        this.workers = workers;
        this.mappedAsFiled = mappedAsFiled;
        this.stopped = stopped;
    }

    /** Loading was stopped (the model is closing). */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("loading stopped", null, false, false);
        }
    }

    boolean has(String name) {
        return file.tensor(name) != null;
    }

    /**
     * A matrix of {@code rows} outputs by {@code cols} inputs (GGUF shape [cols, rows]), mapped in place; the types
     * whose decode kernel reads a layout of its own are repacked into it ({@link WeightTensor#repacked}): from a mapped
     * file into memory that lives as long as the file, the mapped pages then dropped from resident memory (they are
     * not read again); in place when the file was read into memory (each tensor is loaded once).
     */
    WeightTensor matrix(String name, int cols, int rows, boolean required) throws ModelFormatException {
        GgufTensorInfo info = find(name, required);
        if (info == null) return null;
        checkShape(info, cols, rows);
        if (stopped.getAsBoolean()) throw new Stopped();
        try {
            MemorySegment data = file.tensorData(info);
            WeightTensor w = Tensors.of(info.type(), data, rows, cols);
            if (mappedAsFiled && data.isReadOnly()) return w;
            WeightTensor repacked = w.repacked(data.isReadOnly() ? file.memory() : null, workers);
            if (repacked != w && data.isMapped()) data.unload();
            return repacked;
        } catch (Tensors.UnsupportedTensorTypeException e) {
            throw new ModelFormatException("tensor " + name + " has type " + info.type() + ", which the engine cannot compute with");
        }
    }

    /** A vector of {@code n} values (norm weights, biases, rope factors), converted to floats. */
    float[] vector(String name, int n, boolean required) throws ModelFormatException {
        GgufTensorInfo info = find(name, required);
        if (info == null) return null;
        checkShape(info, n, 1);
        float[] out = new float[n];
        try {
            Tensors.of(info.type(), file.tensorData(info), 1, n).dequantizeRow(0, out, 0);
        } catch (Tensors.UnsupportedTensorTypeException e) {
            throw new ModelFormatException("tensor " + name + " has type " + info.type() + ", which the engine cannot read");
        }
        for (float v : out) if (!Float.isFinite(v)) throw new ModelFormatException("tensor " + name + " holds a value that is not finite");
        return out;
    }

    private GgufTensorInfo find(String name, boolean required) throws ModelFormatException {
        GgufTensorInfo info = file.tensor(name);
        if (info == null && required) throw new ModelFormatException("missing tensor " + name);
        return info;
    }

    private static void checkShape(GgufTensorInfo info, long cols, long rows) throws ModelFormatException {
        long[] s = info.shape();
        boolean ok = s.length >= 1 && s[0] == cols && (s.length == 1 ? rows == 1 : s[1] == rows);
        for (int d = 2; ok && d < s.length; d++) ok = s[d] == 1;
        if (!ok) {
            throw new ModelFormatException("tensor " + info.name() + " has shape " + Arrays.toString(s) + ", expected "
                    + (rows == 1 ? "[" + cols + "]" : "[" + cols + ", " + rows + "]"));
        }
    }
}
