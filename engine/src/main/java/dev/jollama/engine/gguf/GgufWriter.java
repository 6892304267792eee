package dev.jollama.engine.gguf;

import dev.jollama.engine.tensor.GgmlType;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes GGUF version 3 files: metadata in insertion order, then tensor infos, then the aligned tensor data.
 * Tensor data comes from a {@link TensorSource}, so files far larger than the heap can be generated.
 */
public final class GgufWriter {

    /** Writes exactly {@code byteSize} bytes of one tensor's data. */
    public interface TensorSource {
        long byteSize();

        void writeTo(OutputStream out) throws IOException;

        static TensorSource of(byte[] bytes) {
            return new TensorSource() {
                public long byteSize() { return bytes.length; }
                public void writeTo(OutputStream out) throws IOException { out.write(bytes); }
            };
        }

        static TensorSource of(MemorySegment segment) {
            return new TensorSource() {
                public long byteSize() { return segment.byteSize(); }
                public void writeTo(OutputStream out) throws IOException {
                    byte[] buf = new byte[1 << 20];
                    for (long off = 0; off < segment.byteSize(); off += buf.length) {
                        int n = (int) Math.min(buf.length, segment.byteSize() - off);
                        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, off, buf, 0, n);
                        out.write(buf, 0, n);
                    }
                }
            };
        }

        /** F32 data, little-endian. */
        static TensorSource ofFloats(float[] values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(values);
            return of(b.array());
        }
    }

    private record Entry(String name, GgmlType type, long[] shape, TensorSource source) {}

    private final GgufMetadata metadata;
    private final List<Entry> tensors = new ArrayList<>();

    public GgufWriter(GgufMetadata metadata) {
        this.metadata = metadata;
    }

    /** Adds a tensor; shape is in GGML order (shape[0] = row length). */
    public GgufWriter addTensor(String name, GgmlType type, long[] shape, TensorSource source) {
        long elements = 1;
        for (long d : shape) elements *= d;
        long expected = type.bytesFor(elements);
        if (source.byteSize() != expected) {
            throw new IllegalArgumentException(name + ": " + source.byteSize() + " bytes given, " + type + " " + java.util.Arrays.toString(shape) + " needs " + expected);
        }
        tensors.add(new Entry(name, type, shape.clone(), source));
        return this;
    }

    public void write(Path path) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20)) {
            write(out);
        }
    }

    public void write(OutputStream raw) throws IOException {
        int alignment = metadata.contains("general.alignment") ? metadata.getInt("general.alignment", GgufFile.DEFAULT_ALIGNMENT) : GgufFile.DEFAULT_ALIGNMENT;
        CountingOutput out = new CountingOutput(raw);
        out.int32(GgufFile.MAGIC);
        out.int32(3);
        out.int64(tensors.size());
        out.int64(metadata.size());
        for (String key : metadata.keys()) {
            out.string(key);
            GgufValueType type = metadata.type(key);
            out.int32(type.id());
            writeValue(out, type, metadata.raw(key));
        }
        long offset = 0;
        for (Entry t : tensors) {
            out.string(t.name);
            out.int32(t.shape.length);
            for (long d : t.shape) out.int64(d);
            out.int32(t.type.id);
            out.int64(offset);
            offset = GgufFile.align(offset + t.source.byteSize(), alignment);
        }
        out.pad(alignment);
        for (Entry t : tensors) {
            long start = out.count;
            t.source.writeTo(out);
            if (out.count - start != t.source.byteSize()) throw new IOException(t.name + ": source wrote " + (out.count - start) + " bytes, promised " + t.source.byteSize());
            out.pad(alignment);
        }
        out.flush();
    }

    private static void writeValue(CountingOutput out, GgufValueType type, Object v) throws IOException {
        switch (type) {
            case UINT8, INT8 -> out.write((Byte) v);
            case BOOL -> out.write((Boolean) v ? 1 : 0);
            case UINT16, INT16 -> out.int16((Short) v);
            case UINT32, INT32 -> out.int32((Integer) v);
            case FLOAT32 -> out.int32(Float.floatToRawIntBits((Float) v));
            case UINT64, INT64 -> out.int64((Long) v);
            case FLOAT64 -> out.int64(Double.doubleToRawLongBits((Double) v));
            case STRING -> out.string((String) v);
            case ARRAY -> {
                GgufArray a = (GgufArray) v;
                out.int32(a.elementType().id());
                int n = a.length();
                out.int64(n);
                for (int i = 0; i < n; i++) writeValue(out, a.elementType(), Array.get(a.values(), i));
            }
        }
    }

    private static final class CountingOutput extends OutputStream {
        private final OutputStream out;
        private final byte[] scratch = new byte[8];
        long count;

        CountingOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        void int16(short v) throws IOException {
            scratch[0] = (byte) v;
            scratch[1] = (byte) (v >> 8);
            write(scratch, 0, 2);
        }

        void int32(int v) throws IOException {
            for (int i = 0; i < 4; i++) scratch[i] = (byte) (v >> (8 * i));
            write(scratch, 0, 4);
        }

        void int64(long v) throws IOException {
            for (int i = 0; i < 8; i++) scratch[i] = (byte) (v >> (8 * i));
            write(scratch, 0, 8);
        }

        void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            int64(b.length);
            write(b, 0, b.length);
        }

        void pad(int alignment) throws IOException {
            while (count % alignment != 0) write(0);
        }
    }
}
