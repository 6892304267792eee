package dev.jollama.engine.gguf;

import dev.jollama.engine.tensor.GgmlType;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GGUF file (versions 2 and 3) mapped read-only into memory. Metadata and tensor infos are parsed eagerly with every
 * length, count and offset checked against the file, so a truncated or hostile file is a {@link GgufFormatException},
 * never a read outside the mapping. Tensor data is never copied: {@link #tensorData} returns slices of the mapping.
 * Closing the file unmaps it; segments handed out before must not be used afterwards.
 */
public final class GgufFile implements AutoCloseable {
    public static final int MAGIC = 0x46554747; // "GGUF" little-endian
    public static final int DEFAULT_ALIGNMENT = 32;
    private static final int MAX_DIMS = 4;
    private static final int MAX_ARRAY_DEPTH = 8;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final Arena arena;
    private final MemorySegment file;
    private final int version;
    private final GgufMetadata metadata;
    private final Map<String, GgufTensorInfo> tensors;
    private final int alignment;
    private final long dataOffset;

    private long pos;

    private GgufFile(Path path, Arena arena, MemorySegment file) throws GgufFormatException {
        this.path = path;
        this.arena = arena;
        this.file = file;
        if (file.byteSize() < 24) throw error("file too small to be GGUF (" + file.byteSize() + " bytes)");
        if (file.get(INT, 0) != MAGIC) throw error("not a GGUF file (bad magic)");
        pos = 4;
        version = readInt();
        if (version == 1) throw error("GGUF version 1 is not supported; convert the file to version 3");
        if (version < 1 || version > 3) throw error("unsupported GGUF version " + version);
        long tensorCount = readCount("tensor count", 8 + 4 + 8 + 8);
        long kvCount = readCount("metadata count", 8 + 4 + 1);
        metadata = new GgufMetadata();
        for (long i = 0; i < kvCount; i++) {
            String key = readString();
            GgufValueType type = readType();
            if (metadata.contains(key)) throw error("duplicate metadata key " + key);
            metadata.put(key, type, readValue(type, 0));
        }
        Object align = metadata.get("general.alignment");
        alignment = align == null ? DEFAULT_ALIGNMENT : ((Number) align).intValue();
        if (alignment <= 0 || Integer.bitCount(alignment) != 1) throw error("invalid general.alignment " + align);

        Map<String, GgufTensorInfo> infos = new LinkedHashMap<>();
        for (long i = 0; i < tensorCount; i++) {
            String name = readString();
            int dims = readInt();
            if (dims < 1 || dims > MAX_DIMS) throw error("tensor " + name + " has " + dims + " dimensions");
            long[] shape = new long[dims];
            long elements = 1;
            for (int d = 0; d < dims; d++) {
                shape[d] = readLong();
                if (shape[d] < 0) throw error("tensor " + name + " has a negative dimension");
                if (shape[d] != 0 && elements > Long.MAX_VALUE / shape[d]) throw error("tensor " + name + " is too large");
                elements *= shape[d];
            }
            int typeId = readInt();
            GgmlType type = GgmlType.byId(typeId);
            if (type == null) throw error("tensor " + name + " has unknown type " + typeId);
            if (shape[0] % type.blockSize != 0) {
                throw error("tensor " + name + " row of " + shape[0] + " is not a multiple of the " + type + " block size");
            }
            long offset = readLong();
            if (offset < 0 || offset % alignment != 0) throw error("tensor " + name + " has a misaligned offset " + offset);
            if (infos.put(name, new GgufTensorInfo(name, type, shape, offset)) != null) throw error("duplicate tensor " + name);
        }
        tensors = Collections.unmodifiableMap(infos);
        dataOffset = align(pos, alignment);
        long dataSize = file.byteSize() - Math.min(dataOffset, file.byteSize());
        List<long[]> ranges = new ArrayList<>();
        for (GgufTensorInfo t : infos.values()) {
            long size = t.byteSize();
            if (t.offset() > dataSize || size > dataSize - t.offset()) {
                throw error("tensor " + t.name() + " data (" + size + " bytes at " + t.offset() + ") lies beyond the end of the file; is it truncated?");
            }
            if (size > 0) ranges.add(new long[]{t.offset(), t.offset() + size});
        }
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        for (int i = 1; i < ranges.size(); i++) {
            if (ranges.get(i)[0] < ranges.get(i - 1)[1]) throw error("tensor data regions overlap");
        }
    }

    /** Maps and parses a GGUF file. */
    public static GgufFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return new GgufFile(path, arena, seg);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Reads a GGUF file into off-heap memory instead of mapping it (use_mmap=false): the weights are still not on the
     * Java heap, but they are resident at once and independent of the file afterwards.
     */
    public static GgufFile read(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment seg = arena.allocate(ch.size(), 64);
            long pos = 0;
            while (pos < seg.byteSize()) {
                int n = ch.read(seg.asSlice(pos, Math.min(seg.byteSize() - pos, 1 << 30)).asByteBuffer(), pos);
                if (n < 0) throw new GgufFormatException(path.getFileName() + ": file shrank while reading");
                pos += n;
            }
            return new GgufFile(path, arena, seg);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public int version() {
        return version;
    }

    public GgufMetadata metadata() {
        return metadata;
    }

    public int alignment() {
        return alignment;
    }

    /** Absolute file offset of the tensor data section. */
    public long dataOffset() {
        return dataOffset;
    }

    public long fileSize() {
        return file.byteSize();
    }

    /** Tensor infos in file order. */
    public Map<String, GgufTensorInfo> tensors() {
        return tensors;
    }

    public GgufTensorInfo tensor(String name) {
        return tensors.get(name);
    }

    /** The bytes of a tensor, a zero-copy slice of the mapped file. */
    public MemorySegment tensorData(GgufTensorInfo info) {
        return file.asSlice(dataOffset + info.offset(), info.byteSize());
    }

    /** Native memory that lives exactly as long as this file (weights repacked at load time). */
    public SegmentAllocator memory() {
        return arena::allocate;
    }

    /** The whole mapped file. */
    public MemorySegment segment() {
        return file;
    }

    @Override
    public void close() {
        arena.close();
    }

    // ---- parsing helpers; every read is checked against the file size first ----

    private GgufFormatException error(String message) {
        return new GgufFormatException(path.getFileName() + ": " + message);
    }

    private void need(long bytes) throws GgufFormatException {
        if (bytes < 0 || bytes > file.byteSize() - pos) throw error("unexpected end of file at byte " + pos);
    }

    private int readInt() throws GgufFormatException {
        need(4);
        int v = file.get(INT, pos);
        pos += 4;
        return v;
    }

    private long readLong() throws GgufFormatException {
        need(8);
        long v = file.get(LONG, pos);
        pos += 8;
        return v;
    }

    /** A count of items each taking at least {@code minItemBytes}: absurd counts fail before anything is allocated. */
    private long readCount(String what, long minItemBytes) throws GgufFormatException {
        long n = readLong();
        if (n < 0 || n > (file.byteSize() - pos) / minItemBytes) throw error(what + " " + Long.toUnsignedString(n) + " exceeds the file");
        return n;
    }

    private String readString() throws GgufFormatException {
        long len = readLong();
        need(len);
        if (len > Integer.MAX_VALUE - 16) throw error("string too long");
        byte[] bytes = new byte[(int) len];
        MemorySegment.copy(file, ValueLayout.JAVA_BYTE, pos, bytes, 0, (int) len);
        pos += len;
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private GgufValueType readType() throws GgufFormatException {
        int id = readInt();
        GgufValueType t = GgufValueType.byId(id);
        if (t == null) throw error("unknown metadata value type " + id);
        return t;
    }

    private Object readValue(GgufValueType type, int depth) throws GgufFormatException {
        return switch (type) {
            case UINT8, INT8 -> { need(1); yield file.get(ValueLayout.JAVA_BYTE, pos++); }
            case BOOL -> { need(1); yield file.get(ValueLayout.JAVA_BYTE, pos++) != 0; }
            case UINT16, INT16 -> { need(2); short v = file.get(SHORT, pos); pos += 2; yield v; }
            case UINT32, INT32 -> readInt();
            case FLOAT32 -> { need(4); float v = file.get(FLOAT, pos); pos += 4; yield v; }
            case UINT64, INT64 -> readLong();
            case FLOAT64 -> { need(8); double v = file.get(DOUBLE, pos); pos += 8; yield v; }
            case STRING -> readString();
            case ARRAY -> readArray(depth + 1);
        };
    }

    private GgufArray readArray(int depth) throws GgufFormatException {
        if (depth > MAX_ARRAY_DEPTH) throw error("arrays nested too deeply");
        GgufValueType type = readType();
        long n = readCount("array length", type.size > 0 ? type.size : 8);
        if (n > Integer.MAX_VALUE - 16) throw error("array too long");
        int count = (int) n;
        if (type.size > 0) need(n * type.size);
        switch (type) {
            case UINT8, INT8 -> {
                byte[] a = new byte[count];
                MemorySegment.copy(file, ValueLayout.JAVA_BYTE, pos, a, 0, count);
                pos += n;
                return new GgufArray(type, a);
            }
            case BOOL -> {
                boolean[] a = new boolean[count];
                for (int i = 0; i < count; i++) a[i] = file.get(ValueLayout.JAVA_BYTE, pos + i) != 0;
                pos += n;
                return new GgufArray(type, a);
            }
            case UINT16, INT16 -> {
                short[] a = new short[count];
                MemorySegment.copy(file, SHORT, pos, a, 0, count);
                pos += 2 * n;
                return new GgufArray(type, a);
            }
            case UINT32, INT32 -> {
                int[] a = new int[count];
                MemorySegment.copy(file, INT, pos, a, 0, count);
                pos += 4 * n;
                return new GgufArray(type, a);
            }
            case FLOAT32 -> {
                float[] a = new float[count];
                MemorySegment.copy(file, FLOAT, pos, a, 0, count);
                pos += 4 * n;
                return new GgufArray(type, a);
            }
            case UINT64, INT64 -> {
                long[] a = new long[count];
                MemorySegment.copy(file, LONG, pos, a, 0, count);
                pos += 8 * n;
                return new GgufArray(type, a);
            }
            case FLOAT64 -> {
                double[] a = new double[count];
                MemorySegment.copy(file, DOUBLE, pos, a, 0, count);
                pos += 8 * n;
                return new GgufArray(type, a);
            }
            case STRING -> {
                String[] a = new String[count];
                for (int i = 0; i < count; i++) a[i] = readString();
                return new GgufArray(type, a);
            }
            case ARRAY -> {
                GgufArray[] a = new GgufArray[count];
                for (int i = 0; i < count; i++) a[i] = readArray(depth + 1);
                return new GgufArray(type, a);
            }
        }
        throw error("unreachable");
    }

    static long align(long offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }
}
