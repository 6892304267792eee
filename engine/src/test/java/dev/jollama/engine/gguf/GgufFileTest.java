package dev.jollama.engine.gguf;

import dev.jollama.engine.tensor.GgmlType;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GgufFileTest {
    @TempDir
    Path tmp;

    @Test
    void readsStories260K() throws IOException {
        try (GgufFile f = GgufFile.open(TestData.stories260K())) {
            GgufMetadata m = f.metadata();
            assertThat(m.getString("general.architecture", null)).isEqualTo("llama");
            assertThat(m.getInt("llama.embedding_length", 0)).isEqualTo(64);
            assertThat(m.getInt("llama.block_count", 0)).isEqualTo(5);
            assertThat(m.getStringArray("tokenizer.ggml.tokens")).hasSize(512);
            GgufTensorInfo emb = f.tensor("token_embd.weight");
            assertThat(emb.type()).isEqualTo(GgmlType.F32);
            assertThat(emb.shape()).containsExactly(64, 512);
            assertThat(f.tensorData(emb).byteSize()).isEqualTo(64L * 512 * 4);
        }
    }

    @Test
    void writesWhatItReads() throws IOException {
        Path copy = tmp.resolve("copy.gguf");
        try (GgufFile f = GgufFile.open(TestData.tinyRandomLlama())) {
            GgufWriter w = new GgufWriter(f.metadata());
            for (GgufTensorInfo t : f.tensors().values()) w.addTensor(t.name(), t.type(), t.shape(), GgufWriter.TensorSource.of(f.tensorData(t)));
            w.write(copy);
            try (GgufFile g = GgufFile.open(copy)) {
                assertThat(g.metadata().keys()).containsExactlyElementsOf(f.metadata().keys());
                for (String k : f.metadata().keys()) {
                    Object a = f.metadata().raw(k), b = g.metadata().raw(k);
                    if (a instanceof GgufArray x) assertThat(((GgufArray) b).toList()).isEqualTo(x.toList());
                    else assertThat(b).isEqualTo(a);
                    assertThat(g.metadata().type(k)).isEqualTo(f.metadata().type(k));
                }
                assertThat(g.tensors().keySet()).containsExactlyElementsOf(f.tensors().keySet());
                for (GgufTensorInfo t : f.tensors().values()) {
                    assertThat(g.tensorData(g.tensor(t.name())).mismatch(f.tensorData(t))).isEqualTo(-1);
                }
            }
        }
    }

    @Test
    void everyValueTypeRoundTrips() throws IOException {
        GgufMetadata m = new GgufMetadata()
                .put("u8", GgufValueType.UINT8, (byte) 200).put("i8", GgufValueType.INT8, (byte) -3)
                .put("u16", GgufValueType.UINT16, (short) 60000).put("i16", GgufValueType.INT16, (short) -7)
                .put("u32", GgufValueType.UINT32, -1).put("i32", GgufValueType.INT32, -9)
                .put("f32", GgufValueType.FLOAT32, 1.5f).put("b", GgufValueType.BOOL, true)
                .put("s", GgufValueType.STRING, "héllo").put("u64", GgufValueType.UINT64, 1L << 40)
                .put("i64", GgufValueType.INT64, -5L).put("f64", GgufValueType.FLOAT64, 2.25)
                .putArray("nested", new GgufArray(GgufValueType.ARRAY, new GgufArray[]{
                        new GgufArray(GgufValueType.INT32, new int[]{1, 2}), new GgufArray(GgufValueType.STRING, new String[]{"x"})}));
        Path p = tmp.resolve("types.gguf");
        new GgufWriter(m).addTensor("t", GgmlType.F32, new long[]{4, 2}, GgufWriter.TensorSource.ofFloats(new float[8])).write(p);
        try (GgufFile f = GgufFile.open(p)) {
            GgufMetadata r = f.metadata();
            assertThat(r.get("u8")).isEqualTo(200);
            assertThat(r.get("u16")).isEqualTo(60000);
            assertThat(r.get("u32")).isEqualTo(4294967295L);
            assertThat(r.getInt("i32", 0)).isEqualTo(-9);
            assertThat(r.getFloat("f32", 0)).isEqualTo(1.5f);
            assertThat(r.getBool("b", false)).isTrue();
            assertThat(r.getString("s", null)).isEqualTo("héllo");
            assertThat(r.getLong("u64", 0)).isEqualTo(1L << 40);
            assertThat(r.get("f64")).isEqualTo(2.25);
            assertThat(r.getArray("nested").toList()).isEqualTo(java.util.List.of(java.util.List.of(1, 2), java.util.List.of("x")));
            assertThat(f.dataOffset() % 32).isZero();
        }
    }

    @Test
    void truncatedFilesAreErrorsAtEveryLength() throws IOException {
        byte[] whole = Files.readAllBytes(TestData.stories260K());
        Random random = new Random(1);
        int[] cuts = new int[200];
        for (int i = 0; i < cuts.length; i++) cuts[i] = i < 100 ? i : random.nextInt(whole.length);
        for (int cut : cuts) {
            Path p = tmp.resolve("cut.gguf");
            Files.write(p, Arrays.copyOf(whole, cut));
            assertThatThrownBy(() -> GgufFile.open(p).close()).isInstanceOf(GgufFormatException.class);
        }
    }

    @Test
    void hostileHeadersAreErrors() throws IOException {
        byte[] whole = Files.readAllBytes(TestData.stories260K());
        // tensor count, kv count and the first key length set to absurd values
        for (int offset : new int[]{8, 16, 24}) {
            byte[] b = whole.clone();
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(offset, Long.MAX_VALUE - 3);
            Path p = tmp.resolve("hostile.gguf");
            Files.write(p, b);
            assertThatThrownBy(() -> GgufFile.open(p).close()).isInstanceOf(GgufFormatException.class);
        }
        byte[] magic = whole.clone();
        magic[0] = 'X';
        Files.write(tmp.resolve("magic.gguf"), magic);
        assertThatThrownBy(() -> GgufFile.open(tmp.resolve("magic.gguf")).close()).hasMessageContaining("not a GGUF file");
    }

    @Test
    void randomByteFlipsNeverCrash() throws IOException {
        byte[] whole = Files.readAllBytes(TestData.stories260K());
        Random random = new Random(7);
        int headerEnd;
        try (GgufFile f = GgufFile.open(TestData.stories260K())) {
            headerEnd = (int) f.dataOffset();
        }
        for (int i = 0; i < 300; i++) {
            byte[] b = whole.clone();
            for (int k = 0; k < 4; k++) b[random.nextInt(headerEnd)] = (byte) random.nextInt();
            Path p = tmp.resolve("flip.gguf");
            Files.write(p, b);
            try (GgufFile f = GgufFile.open(p)) {
                for (GgufTensorInfo t : f.tensors().values()) f.tensorData(t).byteSize();
            } catch (GgufFormatException expected) {
                // a clear error is the other acceptable outcome
            }
        }
    }
}
