package dev.jollama.engine;

import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.model.LayerWeights;
import dev.jollama.engine.runtime.GenerateRequest;
import dev.jollama.engine.runtime.GenerateResult;
import dev.jollama.engine.sampling.SamplingOptions;
import dev.jollama.engine.tensor.GgmlType;
import dev.jollama.testing.RandomGguf;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A model of 130 MB loads and generates without its weights ever landing on the Java heap. */
public class ResidentMemoryTest {
    @TempDir
    Path tmp;

    /** Heap in use after a few collections. */
    public static long heapUsed() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A 130 MB F16 llama of 4 layers (dimension 1024, FFN 4096) at {@code file}. */
    public static Path bigModel(Path file) throws IOException {
        return bigModel(file, GgmlType.F16);
    }

    /** The same llama with matrices of {@code type}. */
    public static Path bigModel(Path file, GgmlType type) throws IOException {
        int dim = 1024, layers = 4, ff = 4096;
        RandomGguf g = new RandomGguf(99).copyTokenizer(TestData.stories260K());
        GgufMetadata md = g.metadata();
        md.putString("general.architecture", "llama");
        md.putUInt32("llama.context_length", 2048);
        md.putUInt32("llama.embedding_length", dim);
        md.putUInt32("llama.block_count", layers);
        md.putUInt32("llama.feed_forward_length", ff);
        md.putUInt32("llama.attention.head_count", 16);
        md.putUInt32("llama.attention.head_count_kv", 16);
        md.putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        float s = (float) Math.sqrt(3.0 / dim);
        g.matrix("token_embd.weight", type, dim, g.vocabSize(), 1f);
        for (int i = 0; i < layers; i++) {
            String p = "blk." + i + ".";
            g.vector(p + "attn_norm.weight", dim, 1f, 0.1f);
            for (String w : new String[]{"attn_q", "attn_k", "attn_v", "attn_output"}) g.matrix(p + w + ".weight", type, dim, dim, s);
            g.vector(p + "ffn_norm.weight", dim, 1f, 0.1f);
            g.matrix(p + "ffn_gate.weight", type, dim, ff, s);
            g.matrix(p + "ffn_up.weight", type, dim, ff, s);
            g.matrix(p + "ffn_down.weight", type, ff, dim, (float) Math.sqrt(3.0 / ff));
        }
        g.vector("output_norm.weight", dim, 1f, 0.1f);
        g.write(file);
        return file;
    }

    @Test
    void weightsStayOffTheHeap() throws IOException {
        Path file = bigModel(tmp.resolve("big.gguf"));
        long size = Files.size(file);
        assertThat(size).isGreaterThan(100L << 20);
        for (boolean mmap : new boolean[]{true, false}) {
            long before = heapUsed();
            try (LoadedModel m = Engine.load(file, LoadOptions.DEFAULTS.withNumCtx(256).withNumBatch(16).withUseMmap(mmap))) {
                GenerateResult r = m.newSession().generate(GenerateRequest.of(new int[]{1, 403, 407, 261, 378})
                        .withSampling(SamplingOptions.GREEDY).withNumPredict(3), t -> {}, () -> false);
                assertThat(r.generatedTokens()).isEqualTo(3);
                long grown = heapUsed() - before;
                assertThat(grown).as("heap growth with use_mmap=%s for a %d-byte model", mmap, size).isLessThan(size / 10);
                for (LayerWeights l : m.transformer().weights().layers()) {
                    assertThat(l.ffnUp().data().isNative()).isTrue();
                    assertThat(l.ffnUp().data().isMapped()).isEqualTo(mmap);
                }
            }
        }
    }
}
