package dev.jollama.bench;

import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.tensor.GgmlType;
import dev.jollama.engine.model.RandomModels;
import dev.jollama.testing.RandomGguf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Random-weight models with Llama-3.2-1B's shapes and metadata, for speed runs against llama.cpp on the same files
 * (speed does not depend on the values of the weights, only on shapes and types): embedding 2048, 16 layers, 32
 * heads, 8 KV heads, FFN 8192, Llama 3's 128,256-token vocabulary, tied embeddings (no {@code output.weight}), Llama
 * 3.1 rope factors. Tensor types per file as {@code llama-quantize} (no importance matrix) would choose them from
 * the F16 original: the tied embedding becomes Q6_K in Q4_0 and Q4_K_M files; Q4_K_M also gives {@code attn_v} and
 * {@code ffn_down} Q6_K in the layers where llama.cpp's {@code use_more_bits} says so, Q4_K elsewhere.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.jollama.bench.BenchModels [DIR] [f16,q8_0,q4_0,q4_k_m]}
 * writes {@code llama-3.2-1b-random-<mix>.gguf} into DIR (default bench/models), skipping files already there.
 */
public final class BenchModels {
    private BenchModels() {}

    static final int DIM = 2048, LAYERS = 16, HEADS = 32, KV_HEADS = 8, HEAD_DIM = 64, FFN = 8192;
    static final float ROPE_BASE = 500000f;

    /** A llama.cpp file type: its general.file_type and the type of each matrix. */
    public enum Mix {
        F16(1, layer -> GgmlType.F16, layer -> GgmlType.F16, GgmlType.F16, GgmlType.F16),
        Q8_0(7, layer -> GgmlType.Q8_0, layer -> GgmlType.Q8_0, GgmlType.Q8_0, GgmlType.Q8_0),
        Q4_0(2, layer -> GgmlType.Q4_0, layer -> GgmlType.Q4_0, GgmlType.Q4_0, GgmlType.Q6_K),
        Q4_K_M(15, BenchModels::q4kmMoreBits, BenchModels::q4kmMoreBits, GgmlType.Q4_K, GgmlType.Q6_K);

        final int fileType;
        final IntFunction<GgmlType> attnV, ffnDown;
        final GgmlType rest, embedding;

        Mix(int fileType, IntFunction<GgmlType> attnV, IntFunction<GgmlType> ffnDown, GgmlType rest, GgmlType embedding) {
            this.fileType = fileType;
            this.attnV = attnV;
            this.ffnDown = ffnDown;
            this.rest = rest;
            this.embedding = embedding;
        }

        public String fileName() {
            return "llama-3.2-1b-random-" + name().toLowerCase() + ".gguf";
        }
    }

    /** llama.cpp's use_more_bits: the first and last eighth of the layers, and every third one between. */
    static boolean useMoreBits(int layer, int layers) {
        return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
    }

    private static GgmlType q4kmMoreBits(int layer) {
        return useMoreBits(layer, LAYERS) ? GgmlType.Q6_K : GgmlType.Q4_K;
    }

    /** Writes one model; {@code vocab} is a vocabulary-only GGUF with Llama 3's tokenizer (ggml-vocab-llama-bpe). */
    public static void write(Mix mix, Path vocab, Path out) throws IOException {
        RandomGguf g = new RandomGguf(mix.fileType).copyTokenizer(vocab);
        GgufMetadata md = g.metadata();
        md.putString("general.architecture", "llama");
        md.putString("general.type", "model");
        md.putString("general.name", "Llama 3.2 1B (random weights)");
        md.putString("general.size_label", "1B");
        md.putUInt32("llama.block_count", LAYERS);
        md.putUInt32("llama.context_length", 131072);
        md.putUInt32("llama.embedding_length", DIM);
        md.putUInt32("llama.feed_forward_length", FFN);
        md.putUInt32("llama.attention.head_count", HEADS);
        md.putUInt32("llama.attention.head_count_kv", KV_HEADS);
        md.putFloat32("llama.rope.freq_base", ROPE_BASE);
        md.putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        md.putUInt32("llama.attention.key_length", HEAD_DIM);
        md.putUInt32("llama.attention.value_length", HEAD_DIM);
        md.putUInt32("general.file_type", mix.fileType);
        md.putUInt32("llama.vocab_size", g.vocabSize());
        md.putUInt32("llama.rope.dimension_count", HEAD_DIM);
        if (mix != Mix.F16) md.putUInt32("general.quantization_version", 2);

        int vocabSize = g.vocabSize();
        // Weights of standard deviation 1/sqrt(fan-in) keep activations of order one through the layers.
        g.floats("rope_freqs.weight", RandomModels.llama3RopeFactors(ROPE_BASE, HEAD_DIM, 32));
        g.matrix("token_embd.weight", mix.embedding, DIM, vocabSize, 1f);
        for (int l = 0; l < LAYERS; l++) {
            String p = "blk." + l + ".";
            g.vector(p + "attn_norm.weight", DIM, 1f, 0.2f);
            g.matrix(p + "attn_q.weight", mix.rest, DIM, HEADS * HEAD_DIM, scale(DIM));
            g.matrix(p + "attn_k.weight", mix.rest, DIM, KV_HEADS * HEAD_DIM, scale(DIM));
            g.matrix(p + "attn_v.weight", mix.attnV.apply(l), DIM, KV_HEADS * HEAD_DIM, scale(DIM));
            g.matrix(p + "attn_output.weight", mix.rest, HEADS * HEAD_DIM, DIM, scale(DIM));
            g.vector(p + "ffn_norm.weight", DIM, 1f, 0.2f);
            g.matrix(p + "ffn_gate.weight", mix.rest, DIM, FFN, scale(DIM));
            g.matrix(p + "ffn_up.weight", mix.rest, DIM, FFN, scale(DIM));
            g.matrix(p + "ffn_down.weight", mix.ffnDown.apply(l), FFN, DIM, scale(FFN));
        }
        g.vector("output_norm.weight", DIM, 1f, 0.2f);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        g.write(tmp);
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Uniform [-s, s] with standard deviation 1/sqrt(fanIn). */
    private static float scale(int fanIn) {
        return (float) Math.sqrt(3.0 / fanIn);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench/models");
        List<Mix> mixes = args.length > 1
                ? java.util.Arrays.stream(args[1].split(",")).map(s -> Mix.valueOf(s.trim().toUpperCase())).toList()
                : List.of(Mix.values());
        Path vocab = Path.of(System.getProperty("jollama.vocab", "../shared/vocab/ggml-vocab-llama-bpe.gguf"));
        if (!Files.exists(vocab)) throw new IOException("no vocabulary at " + vocab + " (set -Djollama.vocab=PATH)");
        Files.createDirectories(dir);
        for (Mix m : mixes) {
            Path out = dir.resolve(m.fileName());
            if (Files.exists(out)) {
                System.out.println("exists: " + out);
                continue;
            }
            long t0 = System.nanoTime();
            write(m, vocab, out);
            System.out.printf("wrote %s (%.0f MB) in %.1f s%n", out, Files.size(out) / 1e6, (System.nanoTime() - t0) / 1e9);
        }
    }
}
