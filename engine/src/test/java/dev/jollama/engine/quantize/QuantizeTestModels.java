package dev.jollama.engine.quantize;

import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.tensor.GgmlType;
import dev.jollama.testing.RandomGguf;
import dev.jollama.testing.TestData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The models the quantizer goldens are made from, deterministic (the goldens record their SHA-256): stories260K (real,
 * F32, rows of 64 and 172 that no K-quant block fits, tied embeddings), a random 12-layer llama in F32, F16 and BF16
 * (rows of 256: every K-quant rule by layer position, layers 10 and 11 sorted after 9), and three models that only
 * llama-quantize's choice of types is compared on: 8 experts with shared experts, an 80-layer qwen2 (llama.cpp's 70B
 * rule) and a falcon. All use stories260K's 512-token vocabulary, so nothing from ../shared is needed.
 *
 * <p>{@code main(dir)} writes them all for {@code src/test/quantize/make-goldens.sh}.
 */
public final class QuantizeTestModels {
    /** Source model -> the file types its goldens cover. */
    public static final List<Case> CASES = List.of(
            new Case("stories260K", List.of(FileType.Q8_0, FileType.Q4_K_S, FileType.Q4_K_M, FileType.F16, FileType.BF16)),
            new Case("llama-f16", List.of(FileType.Q8_0, FileType.Q4_K_S, FileType.Q4_K_M, FileType.F32, FileType.BF16)),
            new Case("llama-f32", List.of(FileType.Q4_K_M, FileType.F16)),
            new Case("llama-bf16", List.of(FileType.Q4_K_M)),
            new Case("moe-f16", List.of(FileType.Q8_0, FileType.Q4_K_S, FileType.Q4_K_M)),
            new Case("qwen2-80-f16", List.of(FileType.Q4_K_S, FileType.Q4_K_M)),
            new Case("falcon-f16", List.of(FileType.Q4_K_M)));

    /**
     * The quantized models the engine is run on against llama.cpp (greedy goldens of llama-quantize's files). Not the
     * random 12-layer llama in Q4_K: its random layers amplify last-bit differences to 0.15 in probability (stories260K
     * Q4_K_M: 7e-6). llama.cpp is no steadier on it: its own two attention paths (flash or not) on llama-quantize's
     * Q4_K_M file disagree on the first greedy token, on the Q6_K file by 0.11 (measured 2026-11-22). That says nothing
     * about the quantizer, whose output is compared byte for byte; each tensor type's engine accuracy is
     * GoldenModelTest's.
     */
    public static final List<String> RUN = List.of("stories260K-Q4_K_M", "llama-f16-Q8_0");

    public record Case(String model, List<FileType> targets) {}

    private QuantizeTestModels() {}

    public static void write(String model, Path out) throws IOException {
        switch (model) {
            case "stories260K" -> Files.copy(TestData.stories260K(), out, StandardCopyOption.REPLACE_EXISTING);
            case "llama-f16" -> llama(GgmlType.F16, out);
            case "llama-f32" -> llama(GgmlType.F32, out);
            case "llama-bf16" -> llama(GgmlType.BF16, out);
            case "moe-f16" -> moe(out);
            case "qwen2-80-f16" -> qwen2With80Layers(out);
            case "falcon-f16" -> falcon(out);
            default -> throw new IllegalArgumentException("no quantizer test model " + model);
        }
    }

    /** A llama of 12 layers, dimension 256, 4 heads (2 for keys and values), FFN 512, output apart from the embedding. */
    private static void llama(GgmlType type, Path out) throws IOException {
        int dim = 256, ff = 512, kv = 128, layers = 12;
        RandomGguf g = start("llama", type, layers, dim, ff, 4, 2);
        g.matrix("token_embd.weight", type, dim, g.vocabSize(), 1f);
        for (int i = 0; i < layers; i++) {
            String p = "blk." + i + ".";
            g.vector(p + "attn_norm.weight", dim, 1f, 0.2f);
            g.matrix(p + "attn_q.weight", type, dim, dim, scale(dim));
            g.matrix(p + "attn_k.weight", type, dim, kv, scale(dim));
            g.matrix(p + "attn_v.weight", type, dim, kv, scale(dim));
            g.matrix(p + "attn_output.weight", type, dim, dim, scale(dim));
            g.vector(p + "ffn_norm.weight", dim, 1f, 0.2f);
            g.matrix(p + "ffn_gate.weight", type, dim, ff, 2f * scale(dim));
            g.matrix(p + "ffn_up.weight", type, dim, ff, scale(dim));
            g.matrix(p + "ffn_down.weight", type, ff, dim, scale(ff));
        }
        g.vector("output_norm.weight", dim, 1f, 0.2f);
        g.matrix("output.weight", type, dim, g.vocabSize(), 4f * scale(dim));
        g.write(out);
    }

    /** Two layers of 8 experts (3-D expert tensors) plus shared experts, tied embeddings: types only. */
    private static void moe(Path out) throws IOException {
        int dim = 256, ff = 256, layers = 2;
        RandomGguf g = start("llama", GgmlType.F16, layers, dim, ff, 4, 2);
        g.metadata().putUInt32("llama.expert_count", 8);
        g.metadata().putUInt32("llama.expert_used_count", 2);
        g.matrix("token_embd.weight", GgmlType.F16, dim, g.vocabSize(), 1f);
        for (int i = 0; i < layers; i++) {
            String p = "blk." + i + ".";
            g.vector(p + "attn_norm.weight", dim, 1f, 0.2f);
            for (String m : List.of("attn_q", "attn_output")) g.matrix(p + m + ".weight", GgmlType.F16, dim, dim, scale(dim));
            for (String m : List.of("attn_k", "attn_v")) g.matrix(p + m + ".weight", GgmlType.F16, dim, 128, scale(dim));
            g.matrix(p + "ffn_gate_inp.weight", GgmlType.F32, dim, 8, scale(dim));
            for (String m : List.of("ffn_gate_exps", "ffn_up_exps", "ffn_down_exps")) {
                g.tensor(p + m + ".weight", GgmlType.F16, new long[]{dim, ff, 8}, scale(dim));
            }
            for (String m : List.of("ffn_gate_shexp", "ffn_up_shexp", "ffn_down_shexp")) g.matrix(p + m + ".weight", GgmlType.F16, dim, ff, scale(dim));
        }
        g.vector("output_norm.weight", dim, 1f, 0.2f);
        g.write(out);
    }

    /** 80 qwen2 layers of just attn_v and ffn_down (rows of 256, 32 rows each): types only. */
    private static void qwen2With80Layers(Path out) throws IOException {
        int layers = 80;
        RandomGguf g = start("qwen2", GgmlType.F16, layers, 256, 256, 8, 1);
        g.matrix("token_embd.weight", GgmlType.F16, 256, g.vocabSize(), 1f);
        for (int i = 0; i < layers; i++) {
            g.matrix("blk." + i + ".attn_v.weight", GgmlType.F16, 256, 32, 0.1f);
            g.matrix("blk." + i + ".ffn_down.weight", GgmlType.F16, 256, 32, 0.1f);
        }
        g.write(out);
    }

    /** 16 falcon layers of a fused QKV and an FFN down projection, and an output: types only. */
    private static void falcon(Path out) throws IOException {
        int layers = 16;
        RandomGguf g = start("falcon", GgmlType.F16, layers, 256, 256, 4, 1);
        g.metadata().putFloat32("falcon.attention.layer_norm_epsilon", 1e-5f);
        g.matrix("token_embd.weight", GgmlType.F16, 256, g.vocabSize(), 1f);
        for (int i = 0; i < layers; i++) {
            g.matrix("blk." + i + ".attn_qkv.weight", GgmlType.F16, 256, 384, 0.1f);
            g.matrix("blk." + i + ".ffn_down.weight", GgmlType.F16, 256, 32, 0.1f);
        }
        g.matrix("output.weight", GgmlType.F16, 256, g.vocabSize(), 0.1f);
        g.write(out);
    }

    private static RandomGguf start(String arch, GgmlType type, int layers, int dim, int ff, int heads, int kvHeads) throws IOException {
        RandomGguf g = new RandomGguf(arch.hashCode() * 31L + type.id).copyTokenizer(TestData.stories260K());
        GgufMetadata md = g.metadata();
        md.putString("general.architecture", arch);
        md.putString("general.name", "jollama quantizer test " + arch);
        md.putUInt32("general.file_type", type == GgmlType.F32 ? 0 : type == GgmlType.F16 ? 1 : 32);
        md.putUInt32(arch + ".context_length", 512);
        md.putUInt32(arch + ".embedding_length", dim);
        md.putUInt32(arch + ".block_count", layers);
        md.putUInt32(arch + ".feed_forward_length", ff);
        md.putUInt32(arch + ".attention.head_count", heads);
        md.putUInt32(arch + ".attention.head_count_kv", kvHeads);
        md.putFloat32(arch + ".attention.layer_norm_rms_epsilon", 1e-5f);
        md.putFloat32(arch + ".rope.freq_base", 10000f);
        return g;
    }

    /** Uniform [-s, s] with standard deviation 1/sqrt(fanIn). */
    private static float scale(int fanIn) {
        return (float) Math.sqrt(3.0 / fanIn);
    }

    /** Writes every source model into {@code args[0]} as MODEL.gguf; prints "case MODEL TYPE..." and "run NAME" lines. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (Case c : CASES) {
            write(c.model(), dir.resolve(c.model() + ".gguf"));
            System.out.println("case " + c.model() + " " + String.join(" ", c.targets().stream().map(FileType::name).toList()));
        }
        for (String name : RUN) System.out.println("run " + name);
    }
}
