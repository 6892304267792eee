package dev.jollama.engine;

import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.gguf.GgufFormatException;
import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.gguf.GgufTensorInfo;
import dev.jollama.engine.gguf.GgufWriter;
import dev.jollama.engine.model.ModelFormatException;
import dev.jollama.engine.runtime.GenerateRequest;
import dev.jollama.engine.runtime.GenerateResult;
import dev.jollama.engine.runtime.DoneReason;
import dev.jollama.engine.runtime.PromptTooLongException;
import dev.jollama.engine.sampling.SamplingOptions;
import dev.jollama.engine.tensor.GgmlType;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loading: vocabulary-only files, broken and hostile files (an error naming the problem, never a crash), context limits. */
class ModelLoadingTest {
    @TempDir
    Path tmp;

    /** A copy of stories260K with edited metadata, without the tensors {@code drop} matches, one tensor optionally reshaped. */
    Path variant(Consumer<GgufMetadata> edit, Predicate<String> drop, String reshape, long[] shape, GgmlType type) throws IOException {
        Path out = tmp.resolve("variant-" + System.nanoTime() + ".gguf");
        try (GgufFile f = GgufFile.open(TestData.stories260K())) {
            GgufMetadata md = new GgufMetadata();
            for (String k : f.metadata().keys()) md.put(k, f.metadata().type(k), f.metadata().raw(k));
            edit.accept(md);
            GgufWriter w = new GgufWriter(md);
            for (GgufTensorInfo t : f.tensors().values()) {
                if (drop.test(t.name())) continue;
                if (t.name().equals(reshape)) {
                    long elements = 1;
                    for (long d : shape) elements *= d;
                    w.addTensor(t.name(), type, shape, GgufWriter.TensorSource.of(new byte[(int) type.bytesFor(elements)]));
                } else {
                    w.addTensor(t.name(), t.type(), t.shape(), GgufWriter.TensorSource.of(f.tensorData(t)));
                }
            }
            w.write(out);
        }
        return out;
    }

    Path metadataVariant(Consumer<GgufMetadata> edit) throws IOException {
        return variant(edit, n -> false, null, null, null);
    }

    static void assertRefused(Path file, String message) {
        assertThatThrownBy(() -> Engine.load(file).close()).isInstanceOf(ModelFormatException.class).hasMessageContaining(message);
    }

    @Test
    void unknownArchitectureIsNamed() throws IOException {
        assertRefused(metadataVariant(md -> md.putString("general.architecture", "mamba9")), "unknown model architecture: 'mamba9'");
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        assertRefused(variant(md -> {}, n -> n.equals("blk.3.ffn_down.weight"), null, null, null), "missing tensor blk.3.ffn_down.weight");
    }

    @Test
    void misshapenTensorIsNamed() throws IOException {
        assertRefused(variant(md -> {}, n -> false, "blk.1.attn_q.weight", new long[]{64, 32}, GgmlType.F32), "tensor blk.1.attn_q.weight has shape [64, 32], expected [64, 64]");
    }

    @Test
    void tensorTypeWithoutKernelsIsNamed() throws IOException {
        assertRefused(variant(md -> {}, n -> false, "blk.0.attn_k.weight", new long[]{256, 32}, GgmlType.IQ2_XXS), "blk.0.attn_k.weight");
    }

    @Test
    void absurdDimensionsAreErrorsNotAllocations() throws IOException {
        assertRefused(metadataVariant(md -> md.putUInt32("llama.embedding_length", 1 << 30)), "llama.embedding_length");
        assertRefused(metadataVariant(md -> md.putUInt32("llama.block_count", 100_000)), "block count");
        assertRefused(metadataVariant(md -> md.putUInt32("llama.attention.head_count", 0)), "llama.attention.head_count");
        assertRefused(metadataVariant(md -> md.putUInt32("llama.attention.head_count_kv", 3)), "cannot be shared by 3");
        assertRefused(metadataVariant(md -> md.putUInt32("llama.rope.dimension_count", 6)), "rope dimension count 6");
        assertRefused(metadataVariant(md -> md.putFloat32("llama.attention.layer_norm_rms_epsilon", -1f)), "must be positive");
        assertRefused(metadataVariant(md -> md.putString("llama.rope.scaling.type", "wobbly")), "unknown rope scaling type 'wobbly'");
        assertRefused(metadataVariant(md -> md.putString("llama.context_length", "long")), "llama.context_length must be an integer");
        assertRefused(metadataVariant(md -> md.remove("llama.embedding_length")), "missing metadata key llama.embedding_length");
    }

    @Test
    void tokenizerErrorComesFirstThoughTheTokenizerIsBuiltWhileTheWeightsLoad() throws IOException {
        assertRefused(metadataVariant(md -> md.putString("tokenizer.ggml.model", "wobbly")), "unknown tokenizer model 'wobbly'");
        assertRefused(variant(md -> md.putString("tokenizer.ggml.model", "wobbly"), n -> n.equals("blk.3.ffn_down.weight"), null, null, null),
                "unknown tokenizer model 'wobbly'");
        assertRefused(metadataVariant(md -> md.remove("tokenizer.ggml.model")), "the GGUF has no tokenizer");
    }

    @Test
    void vocabularyThatDoesNotMatchTheEmbeddingsIsRefused() throws IOException {
        assertRefused(variant(md -> {}, n -> false, "token_embd.weight", new long[]{64, 500}, GgmlType.F32), "token_embd.weight");
    }

    @Test
    void truncatedFileIsAFormatError() throws IOException {
        Path cut = tmp.resolve("cut.gguf");
        byte[] all = Files.readAllBytes(TestData.stories260K());
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 1000));
        assertThatThrownBy(() -> Engine.load(cut)).isInstanceOf(GgufFormatException.class).hasMessageContaining("truncated");
    }

    @Test
    void vocabularyOnlyFileTokenizesButDoesNotGenerate() throws IOException {
        Path vocab = TestData.requireShared("vocab/ggml-vocab-llama-spm.gguf");
        try (LoadedModel m = Engine.load(vocab)) {
            assertThat(m.canGenerate()).isFalse();
            assertThat(m.config()).isNull();
            int[] ids = m.tokenizer().encode("Hello world", false, true);
            assertThat(ids).isNotEmpty();
            assertThat(m.tokenizer().decode(ids)).isEqualTo("Hello world");
            assertThatThrownBy(m::newSession).isInstanceOf(IllegalStateException.class).hasMessageContaining("only a vocabulary");
        }
    }

    @Test
    void contextLimitsFollowOllama() throws IOException {
        try (LoadedModel m = Engine.load(TestData.stories260K(), LoadOptions.DEFAULTS.withNumCtx(32).withNumBatch(8))) {
            int[] longPrompt = new int[50];
            longPrompt[0] = 1;
            for (int i = 1; i < 50; i++) longPrompt[i] = 260 + i;
            // too long and not allowed to truncate: Ollama's error
            assertThatThrownBy(() -> m.newSession().generate(GenerateRequest.of(longPrompt).withContextHandling(true, false), t -> {}, () -> false))
                    .isInstanceOf(PromptTooLongException.class).hasMessageStartingWith("the prompt is longer than the context length");
            // truncated: num_keep (4) + BOS kept, the tail up to num_ctx - (num_ctx - keep) / 2
            GenerateResult r = m.newSession().generate(GenerateRequest.of(longPrompt).withSampling(SamplingOptions.GREEDY).withNumPredict(1), t -> {}, () -> false);
            assertThat(r.promptTruncated()).isTrue();
            assertThat(r.promptTokens()).isEqualTo(32 - (32 - 5) / 2);
            // generating past the context: shifts (keeps going) by default, stops with "length" when shifting is off
            var s = m.newSession();
            GenerateResult shifted = s.generate(GenerateRequest.of(new int[]{1, 403, 407}).withSampling(SamplingOptions.GREEDY).withNumPredict(100), t -> {}, () -> false);
            assertThat(shifted.doneReason()).isEqualTo(DoneReason.LENGTH);
            assertThat(shifted.generatedTokens()).isEqualTo(100);
            assertThat(s.tokens().length).isLessThan(32);
            assertThat(s.tokens()).startsWith(1, 403, 407);
            GenerateResult stopped = m.newSession().generate(GenerateRequest.of(new int[]{1, 403, 407}).withSampling(SamplingOptions.GREEDY)
                    .withNumPredict(100).withContextHandling(false, true), t -> {}, () -> false);
            assertThat(stopped.doneReason()).isEqualTo(DoneReason.LENGTH);
            assertThat(stopped.generatedTokens()).isEqualTo(32 - 3);
        }
    }
}
