package dev.jollama.server.testing;

import dev.jollama.engine.gguf.GgufArray;
import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.gguf.GgufValueType;
import dev.jollama.engine.gguf.GgufWriter;
import dev.jollama.engine.tensor.GgmlType;

import java.io.IOException;
import java.nio.file.Path;

/** Small GGUF files for tests, written with {@link GgufWriter}. */
public final class TinyGguf {
    private TinyGguf() {}

    /** Metadata of a tiny llama-architecture model (Q8_0 file type) with a 6-token vocabulary. */
    public static GgufMetadata llamaMetadata() {
        GgufMetadata md = new GgufMetadata();
        md.putString("general.architecture", "llama");
        md.putString("general.name", "tiny");
        md.putUInt32("general.file_type", 7);
        md.putUInt32("llama.context_length", 2048);
        md.putUInt32("llama.embedding_length", 8);
        md.putUInt32("llama.block_count", 1);
        md.putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        md.putFloat32("llama.rope.freq_base", 500000f);
        md.putString("tokenizer.ggml.model", "llama");
        md.putArray("tokenizer.ggml.tokens", new GgufArray(GgufValueType.STRING, new String[]{"<unk>", "<s>", "</s>", "a", "b", "c"}));
        md.putArray("tokenizer.ggml.scores", new GgufArray(GgufValueType.FLOAT32, new float[]{0, 0, 0, -1, -2, -3}));
        md.putArray("llama.small_array", new GgufArray(GgufValueType.INT32, new int[]{1, 2, 3}));
        return md;
    }

    /** Writes a model with the given metadata and two F32 tensors of 8x6 and 8 elements (56 parameters). */
    public static Path write(Path file, GgufMetadata md) throws IOException {
        new GgufWriter(md)
                .addTensor("token_embd.weight", GgmlType.F32, new long[]{8, 6}, GgufWriter.TensorSource.ofFloats(new float[48]))
                .addTensor("output_norm.weight", GgmlType.F32, new long[]{8}, GgufWriter.TensorSource.ofFloats(new float[8]))
                .write(file);
        return file;
    }

    public static Path llama(Path file) throws IOException {
        return write(file, llamaMetadata());
    }
}
