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
 * Small random-weight models of every supported architecture, each with a real vocabulary from {@code ../shared/vocab},
 * the architecture's real metadata keys and tensor names, and the features that set it apart (QK-norm, fused
 * tensors, soft-capping, sliding windows, rope scaling). The files are deterministic: the golden files beside the
 * tests record the SHA-256 of the file they were made from.
 *
 * <p>{@code main(dir)} writes them all for {@code src/test/goldens/make-goldens.sh}.
 */
public final class RandomModels {
    /** The architecture test models, by golden name. */
    public static final List<String> ARCHITECTURES = List.of("llama", "llama3", "qwen2", "qwen3", "phi3", "gemma", "gemma2", "gemma3");

    /** Tensor types of the per-type llama models (all but F32, which the architecture models cover). */
    public static final List<GgmlType> TYPES = List.of(GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_1,
            GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K);

    /** Context the goldens are made with (the oracle uses min(training context, 4096)). */
    public static final int CONTEXT = 4096;

    private RandomModels() {}

    /** Dimensions of a model: head size may differ from embedding / heads. */
    private record Shape(int dim, int layers, int heads, int kvHeads, int headDim, int ff) {
        int q() { return heads * headDim; }
        int kv() { return kvHeads * headDim; }
    }

    /** How a model is laid out; the flags say which tensors exist. */
    private record Layout(String arch, String vocab, Shape shape, int contextLength, float ropeBase, boolean fusedQkv,
                          boolean qkvBias, boolean qkNorm, boolean postNorms, boolean fusedGateUp, boolean tied) {}

    public static String fileName(String name) {
        return name + ".gguf";
    }

    public static String typeModelName(GgmlType type) {
        return "llama-" + type.name().toLowerCase();
    }

    /** Writes the architecture model {@code name} (one of {@link #ARCHITECTURES}). */
    public static void writeArchitecture(String name, Path out) throws IOException {
        Shape small = new Shape(64, 2, 4, 2, 16, 128);
        Layout l = switch (name) {
            case "llama" -> new Layout("llama", "llama-spm", small, 2048, 10000f, false, false, false, false, false, false);
            case "llama3" -> new Layout("llama", "llama-bpe", small, 131072, 500000f, false, false, false, false, false, true);
            case "qwen2" -> new Layout("qwen2", "qwen2", small, 32768, 1000000f, false, true, false, false, false, true);
            case "qwen3", "qwen3-embedding" -> new Layout("qwen3", "qwen2", new Shape(64, 2, 4, 2, 32, 128), 131072, 1000000f, false, false, true, false, false, true);
            case "phi3" -> new Layout("phi3", "phi-3", new Shape(64, 2, 4, 4, 16, 128), 131072, 10000f, true, false, false, false, true, false);
            case "gemma" -> new Layout("gemma", "llama-spm", new Shape(64, 2, 4, 1, 32, 128), 8192, 10000f, false, false, false, false, false, true);
            case "gemma2" -> new Layout("gemma2", "llama-spm", new Shape(64, 4, 4, 2, 32, 128), 8192, 10000f, false, false, false, true, false, true);
            case "gemma3" -> new Layout("gemma3", "llama-spm", new Shape(64, 6, 4, 2, 32, 128), 131072, 1000000f, false, false, true, true, false, true);
            default -> throw new IllegalArgumentException("no random model " + name);
        };
        RandomGguf g = start(l, GgmlType.F32, name.hashCode());
        GgufMetadata md = g.metadata();
        String a = l.arch();
        switch (name) {
            case "llama3" -> {
                md.putUInt32(a + ".vocab_size", g.vocabSize());
                g.floats("rope_freqs.weight", llama3RopeFactors(l.ropeBase(), l.shape().headDim()));
            }
            case "qwen3" -> {
                md.putString(a + ".rope.scaling.type", "yarn");
                md.putFloat32(a + ".rope.scaling.factor", 4f);
                md.putUInt32(a + ".rope.scaling.original_context_length", 32768);
            }
            case "qwen3-embedding" -> {
                // Qwen3-Embedding: last-token pooling of the final hidden state, EOS appended to every input
                md.putUInt32(a + ".pooling_type", 3);
                md.putBool("tokenizer.ggml.add_eos_token", true);
            }
            case "phi3" -> {
                // a 128k Phi-3: long factors apply since the test context (4096) exceeds the original one
                md.putUInt32(a + ".rope.scaling.original_context_length", 2048);
                md.putFloat32(a + ".rope.scaling.attn_factor", 1.1902381f);
                md.putUInt32(a + ".attention.sliding_window", 2047);
                md.putUInt32(a + ".rope.dimension_count", l.shape().headDim());
                g.vector("rope_factors_long.weight", l.shape().headDim() / 2, 3f, 2f);
                g.vector("rope_factors_short.weight", l.shape().headDim() / 2, 1.2f, 0.2f);
            }
            case "gemma2" -> {
                md.putUInt32(a + ".attention.sliding_window", 8);
                md.putFloat32(a + ".attn_logit_softcapping", 10f);
                md.putFloat32(a + ".final_logit_softcapping", 30f);
            }
            case "gemma3" -> {
                md.putUInt32(a + ".attention.sliding_window", 8);
                md.putString(a + ".rope.scaling.type", "linear");
                md.putFloat32(a + ".rope.scaling.factor", 8f);
            }
            default -> {}
        }
        tensors(g, l, GgmlType.F32);
        g.write(out);
    }

    /** Writes a llama model whose matrices are all of {@code type} (dimensions fit 256-element K-quant blocks). */
    public static void writeTyped(GgmlType type, Path out) throws IOException {
        Layout l = new Layout("llama", "llama-spm", new Shape(256, 2, 4, 2, 64, 512), 2048, 10000f, false, false, false, false, false, false);
        RandomGguf g = start(l, type, 7 + type.id);
        tensors(g, l, type);
        g.write(out);
    }

    private static RandomGguf start(Layout l, GgmlType type, long seed) throws IOException {
        RandomGguf g = new RandomGguf(seed).copyTokenizer(TestData.requireShared("vocab/ggml-vocab-" + l.vocab() + ".gguf"));
        GgufMetadata md = g.metadata();
        String a = l.arch();
        Shape s = l.shape();
        md.putString("general.architecture", a);
        md.putString("general.name", "jollama random " + a);
        md.putUInt32("general.file_type", type == GgmlType.F32 ? 0 : type == GgmlType.F16 ? 1 : 7);
        md.putUInt32(a + ".context_length", l.contextLength());
        md.putUInt32(a + ".embedding_length", s.dim());
        md.putUInt32(a + ".block_count", s.layers());
        md.putUInt32(a + ".feed_forward_length", s.ff());
        md.putUInt32(a + ".attention.head_count", s.heads());
        md.putUInt32(a + ".attention.head_count_kv", s.kvHeads());
        if (s.headDim() != s.dim() / s.heads()) {
            md.putUInt32(a + ".attention.key_length", s.headDim());
            md.putUInt32(a + ".attention.value_length", s.headDim());
        }
        md.putFloat32(a + ".attention.layer_norm_rms_epsilon", 1e-6f);
        md.putFloat32(a + ".rope.freq_base", l.ropeBase());
        return g;
    }

    private static void tensors(RandomGguf g, Layout l, GgmlType type) {
        Shape s = l.shape();
        int vocab = g.vocabSize();
        // With tied embeddings a model whose residual stream is dominated by the input token's own embedding just
        // repeats its input: layer outputs are boosted to dominate it (Gemma also scales embeddings by sqrt(dim)).
        float boost = !l.tied() ? 1f : l.arch().startsWith("gemma") ? (float) Math.sqrt(s.dim()) : 4f;
        g.matrix("token_embd.weight", type, s.dim(), vocab, 1f);
        for (int i = 0; i < s.layers(); i++) {
            String p = "blk." + i + ".";
            g.vector(p + "attn_norm.weight", s.dim(), 1f, 0.2f);
            float qk = scale(s.dim()), vo = scale(s.dim());
            if (l.fusedQkv()) {
                g.matrix(p + "attn_qkv.weight", type, s.dim(), s.q() + 2 * s.kv(), qk);
            } else {
                g.matrix(p + "attn_q.weight", type, s.dim(), s.q(), qk);
                g.matrix(p + "attn_k.weight", type, s.dim(), s.kv(), qk);
                g.matrix(p + "attn_v.weight", type, s.dim(), s.kv(), vo);
            }
            if (l.qkvBias()) {
                g.vector(p + "attn_q.bias", s.q(), 0f, 0.5f);
                g.vector(p + "attn_k.bias", s.kv(), 0f, 0.5f);
                g.vector(p + "attn_v.bias", s.kv(), 0f, 0.5f);
            }
            if (l.qkNorm()) {
                g.vector(p + "attn_q_norm.weight", s.headDim(), 1f, 0.3f);
                g.vector(p + "attn_k_norm.weight", s.headDim(), 1f, 0.3f);
            }
            g.matrix(p + "attn_output.weight", type, s.q(), s.dim(), boost * scale(s.q()));
            if (l.postNorms()) g.vector(p + "post_attention_norm.weight", s.dim(), boost, 0.2f * boost);
            g.vector(p + "ffn_norm.weight", s.dim(), 1f, 0.2f);
            if (l.fusedGateUp()) {
                g.matrix(p + "ffn_up.weight", type, s.dim(), 2 * s.ff(), 2f * scale(s.dim()));
            } else {
                g.matrix(p + "ffn_gate.weight", type, s.dim(), s.ff(), 2f * scale(s.dim()));
                g.matrix(p + "ffn_up.weight", type, s.dim(), s.ff(), scale(s.dim()));
            }
            g.matrix(p + "ffn_down.weight", type, s.ff(), s.dim(), boost * scale(s.ff()));
            if (l.postNorms()) g.vector(p + "post_ffw_norm.weight", s.dim(), boost, 0.2f * boost);
        }
        g.vector("output_norm.weight", s.dim(), 1f, 0.2f);
        if (!l.tied()) g.matrix("output.weight", type, s.dim(), vocab, 4f * scale(s.dim()));
    }

    /** Uniform [-s, s] with standard deviation 1/sqrt(fanIn). */
    private static float scale(int fanIn) {
        return (float) Math.sqrt(3.0 / fanIn);
    }

    /** Llama 3.1's rope_freqs as convert_hf_to_gguf computes them (factor 8, low 1, high 4, original 8192). */
    static float[] llama3RopeFactors(float base, int headDim) {
        return llama3RopeFactors(base, headDim, 8);
    }

    /** Llama 3.x's rope_freqs for a scaling factor (8 for 3.1, 32 for 3.2), low 1, high 4, original 8192. */
    public static float[] llama3RopeFactors(float base, int headDim, double factor) {
        double low = 1, high = 4, old = 8192;
        double lowWavelen = old / low, highWavelen = old / high;
        float[] out = new float[headDim / 2];
        for (int i = 0; i < out.length; i++) {
            double freq = 1.0 / Math.pow(base, (2.0 * i) / headDim);
            double wavelen = 2 * Math.PI / freq;
            if (wavelen < highWavelen) out[i] = 1f;
            else if (wavelen > lowWavelen) out[i] = (float) factor;
            else {
                double smooth = (old / wavelen - low) / (high - low);
                out[i] = (float) (1 / ((1 - smooth) / factor + smooth));
            }
        }
        return out;
    }

    /** Writes every golden model into the directory {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (String name : ARCHITECTURES) writeArchitecture(name, dir.resolve(fileName(name)));
        for (GgmlType t : TYPES) {
            if (dev.jollama.engine.tensor.Tensors.isSupported(t)) writeTyped(t, dir.resolve(fileName(typeModelName(t))));
        }
    }
}
