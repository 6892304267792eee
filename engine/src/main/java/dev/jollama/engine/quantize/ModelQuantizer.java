package dev.jollama.engine.quantize;

import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.gguf.GgufTensorInfo;
import dev.jollama.engine.gguf.GgufWriter;
import dev.jollama.engine.tensor.GgmlType;
import dev.jollama.engine.tensor.Tensors;
import dev.jollama.engine.tensor.WeightTensor;
import dev.jollama.engine.tensor.Workers;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts a GGUF model of F32, F16 or BF16 weights to a {@link FileType}, as llama-quantize does without an importance
 * matrix: the same tensor order (non-layer tensors, then layer by layer, by name), the same type per tensor
 * ({@link TensorTypes}), the same bytes per tensor (the reference quantizers of {@link Tensors#quantize}), and the
 * input's metadata with the split keys dropped and {@code general.quantization_version} (2) and
 * {@code general.file_type} set last. Tensors are read from the mapped input and written a slab of rows at a time, the
 * rows of a slab converted in parallel, so nothing of the size of the model is ever on the heap.
 */
public final class ModelQuantizer {
    /** ggml's GGML_QNT_VERSION. */
    public static final int QUANTIZATION_VERSION = 2;
    /** Heap used for one slab of rows (floats in or bytes out, whichever is larger). */
    private static final long SLAB_BYTES = 8 << 20;
    private static final Pattern LAYER = Pattern.compile("^blk\\.([+-]?\\d+)");

    private ModelQuantizer() {}

    /** One tensor of the output: the input tensor and the type it is written as. */
    public record Conversion(GgufTensorInfo tensor, GgmlType to) {
        public boolean converts() {
            return tensor.type() != to;
        }
    }

    /** After tensor {@code index} (0-based) of {@code count}: input bytes of the tensors done so far, of all. */
    public record Progress(int index, int count, String name, long bytesDone, long bytesTotal) {}

    /** A tensor that would have to be converted from a type that is not F32, F16 or BF16. */
    public static final class UnsupportedSourceException extends IllegalArgumentException {
        UnsupportedSourceException(GgufTensorInfo t, GgmlType to) {
            super("cannot convert tensor " + t.name() + " from " + t.type() + " to " + to + ": only F32, F16 and BF16 weights can be quantized");
        }
    }

    /** What {@link #write} will do, tensor by tensor, in output order; fails for a tensor it cannot convert. */
    public static List<Conversion> plan(GgufFile in, FileType target) {
        List<GgufTensorInfo> tensors = new ArrayList<>(in.tensors().values());
        tensors.sort(Comparator.comparingInt((GgufTensorInfo t) -> layer(t.name()))
                .thenComparing((a, b) -> Arrays.compareUnsigned(utf8(a.name()), utf8(b.name()))));
        List<GgmlType> types = TensorTypes.of(target, in.metadata(), tensors);
        List<Conversion> plan = new ArrayList<>(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            Conversion c = new Conversion(tensors.get(i), types.get(i));
            GgmlType from = c.tensor().type();
            if (c.converts() && from != GgmlType.F32 && from != GgmlType.F16 && from != GgmlType.BF16) {
                throw new UnsupportedSourceException(c.tensor(), c.to());
            }
            plan.add(c);
        }
        return plan;
    }

    /** The output's metadata: the input's, split keys removed, quantization version and file type moved last. */
    public static GgufMetadata metadata(GgufMetadata in, FileType target) {
        GgufMetadata out = new GgufMetadata();
        for (String k : in.keys()) out.put(k, in.type(k), in.raw(k));
        for (String k : List.of("split.no", "split.count", "split.tensors.count", "general.quantization_version", "general.file_type")) {
            out.remove(k);
        }
        out.putUInt32("general.quantization_version", QUANTIZATION_VERSION);
        out.putUInt32("general.file_type", target.id);
        return out;
    }

    /** Writes {@code in} converted to {@code target} to {@code out}; {@code progress} hears of every tensor written. */
    public static void write(GgufFile in, FileType target, Workers workers, OutputStream out, Consumer<Progress> progress)
            throws IOException {
        List<Conversion> plan = plan(in, target);
        long total = plan.stream().mapToLong(c -> c.tensor().byteSize()).sum();
        GgufWriter writer = new GgufWriter(metadata(in.metadata(), target));
        long[] done = {0};
        for (int i = 0; i < plan.size(); i++) {
            Conversion c = plan.get(i);
            int index = i;
            MemorySegment data = in.tensorData(c.tensor());
            writer.addTensor(c.tensor().name(), c.to(), c.tensor().shape(), new GgufWriter.TensorSource() {
                public long byteSize() {
                    return c.to().bytesFor(c.tensor().elementCount());
                }

                public void writeTo(OutputStream o) throws IOException {
                    if (c.converts()) convert(c, data, workers, o);
                    else GgufWriter.TensorSource.of(data).writeTo(o);
                    done[0] += c.tensor().byteSize();
                    progress.accept(new Progress(index, plan.size(), c.tensor().name(), done[0], total));
                }
            });
        }
        writer.write(out);
    }

    /** Converts one tensor a slab of rows at a time, the rows of a slab split over the workers. */
    private static void convert(Conversion c, MemorySegment data, Workers workers, OutputStream out) throws IOException {
        int cols = Math.toIntExact(c.tensor().rowLength()), rows = Math.toIntExact(c.tensor().rowCount());
        WeightTensor source = Tensors.of(c.tensor().type(), data, rows, cols);
        int rowBytes = Math.toIntExact(c.to().bytesFor(cols));
        int slabRows = (int) Math.max(1, Math.min(rows, SLAB_BYTES / Math.max(rowBytes, 4L * cols)));
        byte[] slab = new byte[slabRows * rowBytes];
        MemorySegment slabSegment = MemorySegment.ofArray(slab);
        for (int first = 0; first < rows; first += slabRows) {
            int n = Math.min(slabRows, rows - first), base = first;
            workers.forRange(n, 1, (from, to) -> {
                float[] row = new float[cols];
                for (int r = from; r < to; r++) {
                    source.dequantizeRow(base + r, row, 0);
                    Tensors.quantize(c.to(), row, 0, cols, slabSegment, (long) r * rowBytes);
                }
            });
            out.write(slab, 0, n * rowBytes);
        }
    }

    /** The layer of a tensor named {@code blk.N.}, or -1 (llama.cpp orders tensors by it, then by name). */
    private static int layer(String name) {
        Matcher m = LAYER.matcher(name);
        if (!m.find()) return -1;
        try {
            return Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
