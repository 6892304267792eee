package dev.jollama.engine.model;

import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.tensor.GgmlType;
import dev.jollama.testing.RandomGguf;
import dev.jollama.testing.TestData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Small random-weight embedding models with the real metadata keys and tensor names of their architecture and the
 * WordPiece vocabulary of {@code ../shared/vocab/ggml-vocab-bert-bge.gguf}: "bert" (separate q/k/v with biases,
 * learned positions, token types, GELU, CLS pooling) and "nomic-bert" (fused q/k/v, NeoX RoPE, SwiGLU, no biases,
 * mean pooling), and a decoder with last-token pooling, "qwen3-embedding" (see {@link RandomModels}). Deterministic: the goldens record the SHA-256 of the file they were made from.
 *
 * <p>{@code main(dir)} writes them all for {@code src/test/goldens/make-embed-goldens.sh}.
 */
public final class RandomEncoders {
    public static final List<String> NAMES = List.of("bert", "nomic-bert", "qwen3-embedding");

    private static final int DIM = 64, LAYERS = 2, HEADS = 4, FF = 128;

    private RandomEncoders() {}

    public static void write(String name, Path out) throws IOException {
        if (name.equals("qwen3-embedding")) {
            RandomModels.writeArchitecture(name, out);
            return;
        }
        boolean nomic = switch (name) {
            case "bert" -> false;
            case "nomic-bert" -> true;
            default -> throw new IllegalArgumentException("no random encoder " + name);
        };
        RandomGguf g = new RandomGguf(name.hashCode()).copyTokenizer(TestData.requireShared("vocab/ggml-vocab-bert-bge.gguf"));
        GgufMetadata md = g.metadata();
        md.putString("general.architecture", name);
        md.putString("general.name", "jollama random " + name);
        md.putUInt32("general.file_type", 0);
        md.putUInt32(name + ".context_length", nomic ? 2048 : 512);
        md.putUInt32(name + ".embedding_length", DIM);
        md.putUInt32(name + ".block_count", LAYERS);
        md.putUInt32(name + ".feed_forward_length", FF);
        md.putUInt32(name + ".attention.head_count", HEADS);
        md.putFloat32(name + ".attention.layer_norm_epsilon", 1e-12f);
        md.putBool(name + ".attention.causal", false);
        md.putUInt32(name + ".pooling_type", nomic ? 1 : 2);
        if (nomic) md.putFloat32(name + ".rope.freq_base", 1000f);

        int vocab = g.vocabSize();
        GgmlType f32 = GgmlType.F32;
        g.matrix("token_embd.weight", f32, DIM, vocab, 1f);
        g.matrix("token_types.weight", f32, DIM, 2, 0.5f);
        if (!nomic) g.matrix("position_embd.weight", f32, DIM, 512, 0.5f);
        g.vector("token_embd_norm.weight", DIM, 1f, 0.2f);
        g.vector("token_embd_norm.bias", DIM, 0f, 0.2f);
        float in = scale(DIM), mid = scale(FF);
        for (int i = 0; i < LAYERS; i++) {
            String p = "blk." + i + ".";
            if (nomic) {
                g.matrix(p + "attn_qkv.weight", f32, DIM, 3 * DIM, 2f * in);
            } else {
                g.matrix(p + "attn_q.weight", f32, DIM, DIM, 2f * in);
                g.vector(p + "attn_q.bias", DIM, 0f, 0.3f);
                g.matrix(p + "attn_k.weight", f32, DIM, DIM, 2f * in);
                g.vector(p + "attn_k.bias", DIM, 0f, 0.3f);
                g.matrix(p + "attn_v.weight", f32, DIM, DIM, in);
                g.vector(p + "attn_v.bias", DIM, 0f, 0.3f);
            }
            g.matrix(p + "attn_output.weight", f32, DIM, DIM, in);
            if (!nomic) g.vector(p + "attn_output.bias", DIM, 0f, 0.2f);
            g.vector(p + "attn_output_norm.weight", DIM, 1f, 0.2f);
            g.vector(p + "attn_output_norm.bias", DIM, 0f, 0.2f);
            g.matrix(p + "ffn_up.weight", f32, DIM, FF, in);
            if (nomic) g.matrix(p + "ffn_gate.weight", f32, DIM, FF, 2f * in);
            else g.vector(p + "ffn_up.bias", FF, 0f, 0.3f);
            g.matrix(p + "ffn_down.weight", f32, FF, DIM, mid);
            if (!nomic) g.vector(p + "ffn_down.bias", DIM, 0f, 0.2f);
            g.vector(p + "layer_output_norm.weight", DIM, 1f, 0.2f);
            g.vector(p + "layer_output_norm.bias", DIM, 0f, 0.2f);
        }
        g.write(out);
    }

    /** Uniform [-s, s] with standard deviation 1/sqrt(fanIn). */
    private static float scale(int fanIn) {
        return (float) Math.sqrt(3.0 / fanIn);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (String name : NAMES) write(name, dir.resolve(name + ".gguf"));
    }
}
