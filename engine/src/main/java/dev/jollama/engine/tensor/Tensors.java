package dev.jollama.engine.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The GGML types jollama computes with, and what it can do with each: make a {@link WeightTensor} over mapped
 * bytes, generate random valid blocks (for random-weight test models), quantize floats (the writer side).
 */
public final class Tensors {
    private Tensors() {}

    private static final Map<GgmlType, TypeSupport> SUPPORTED = new EnumMap<>(GgmlType.class);

    static {
        for (TypeSupport s : List.of(F32Tensor.SUPPORT, F16Tensor.SUPPORT, BF16Tensor.SUPPORT,
                Q8_0Tensor.SUPPORT, Q4_0Tensor.SUPPORT, Q4_1Tensor.SUPPORT, Q5_0Tensor.SUPPORT, Q5_1Tensor.SUPPORT,
                Q2_KTensor.SUPPORT, Q3_KTensor.SUPPORT, Q4_KTensor.SUPPORT, Q5_KTensor.SUPPORT, Q6_KTensor.SUPPORT)) {
            SUPPORTED.put(s.type(), s);
        }
    }

    /** How many of the {@code n} prompt tokens that fit a forward pass it should take ({@link TiledMatmul#chunk}). */
    public static int promptChunk(int n) {
        return TiledMatmul.chunk(n);
    }

    public static boolean isSupported(GgmlType type) {
        return SUPPORTED.containsKey(type);
    }

    /** Whether {@link #quantize} can write this type. */
    public static boolean canQuantize(GgmlType type) {
        return isSupported(type) && SUPPORTED.get(type).quantizer() != null;
    }

    public static WeightTensor of(GgmlType type, MemorySegment data, int rows, int cols) {
        return support(type).factory().create(data, rows, cols);
    }

    /**
     * Fills dst[offset ..) with {@code elements / blockSize} random valid blocks whose values lie within about
     * [-scale, scale]: random quants with sane fp16 scales. The same seed gives the same bytes.
     */
    public static void randomBlocks(GgmlType type, long elements, long seed, float scale, MemorySegment dst, long offset) {
        TypeSupport s = support(type);
        long blocks = blocks(type, elements);
        SplittableRandom random = new SplittableRandom(seed);
        for (long b = 0; b < blocks; b++) s.randomBlock().write(random, scale, dst, offset + b * type.blockBytes);
    }

    /** {@link #randomBlocks(GgmlType, long, long, float, MemorySegment, long)} into a new array. */
    public static byte[] randomBlocks(GgmlType type, long elements, long seed, float scale) {
        byte[] bytes = new byte[Math.toIntExact(type.bytesFor(elements))];
        randomBlocks(type, elements, seed, scale, MemorySegment.ofArray(bytes), 0);
        return bytes;
    }

    /** Quantizes in[from .. from + count) (whole blocks) into dst[offset ..) as llama.cpp's reference quantizer does. */
    public static void quantize(GgmlType type, float[] in, int from, int count, MemorySegment dst, long offset) {
        TypeSupport s = support(type);
        if (s.quantizer() == null) throw new UnsupportedOperationException("quantizing to " + type + " is not supported");
        long blocks = blocks(type, count);
        for (int b = 0; b < blocks; b++) s.quantizer().quantize(in, from + b * type.blockSize, dst, offset + (long) b * type.blockBytes);
    }

    /** {@link #quantize(GgmlType, float[], int, int, MemorySegment, long)} of a whole array into a new array. */
    public static byte[] quantize(GgmlType type, float[] in) {
        byte[] bytes = new byte[Math.toIntExact(type.bytesFor(in.length))];
        quantize(type, in, 0, in.length, MemorySegment.ofArray(bytes), 0);
        return bytes;
    }

    /** A tensor over a copy of {@code bytes} in native memory (tests, tools). */
    public static WeightTensor copyOf(GgmlType type, byte[] bytes, int rows, int cols, Arena arena) {
        MemorySegment segment = arena.allocate(bytes.length, 64);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, segment, 0, bytes.length);
        return of(type, segment, rows, cols);
    }

    private static long blocks(GgmlType type, long elements) {
        type.bytesFor(elements); // checks whole blocks
        return elements / type.blockSize;
    }

    private static TypeSupport support(GgmlType type) {
        TypeSupport s = SUPPORTED.get(type);
        if (s == null) throw new UnsupportedTensorTypeException(type);
        return s;
    }

    /** A tensor type the engine cannot compute with. */
    public static final class UnsupportedTensorTypeException extends IllegalArgumentException {
        public UnsupportedTensorTypeException(GgmlType type) {
            super("tensor type " + type + " is not supported");
        }
    }
}
