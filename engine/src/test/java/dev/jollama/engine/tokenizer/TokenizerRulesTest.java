package dev.jollama.engine.tokenizer;

import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BOS/EOS/SEP rules, special-token parsing and error handling, spelled out on real vocabularies. */
class TokenizerRulesTest {
    private static BaseTokenizer shared(String name) throws IOException {
        return Tokenizers.fromFile(TestData.requireShared("vocab/ggml-vocab-" + name + ".gguf"));
    }

    private static GgufMetadata metadata(Path gguf) throws IOException {
        try (GgufFile f = GgufFile.open(gguf)) {
            return f.metadata();
        }
    }

    @Test
    void stories260KPromptAsLlamaCppTokenizesIt() throws IOException {
        BaseTokenizer t = Tokenizers.fromFile(TestData.stories260K());
        assertThat(t).isInstanceOf(SentencePieceBpe.class);
        assertThat(t.encode("Once upon a time", true, true)).containsExactly(1, 403, 407, 261, 378);
        assertThat(t.decode(new int[] {1, 403, 407, 261, 378})).isEqualTo("<s> Once upon a time");
        assertThat(t.decode(new int[] {403, 407, 261, 378})).isEqualTo("Once upon a time");
    }

    @Test
    void addSpecialFollowsEachModelsRules() throws IOException {
        assertThat(shared("llama-spm").encode("Hi", true, false)).startsWith(1);
        assertThat(shared("llama-bpe").encode("Hi", true, false)).startsWith(128000).hasSize(2);
        assertThat(shared("qwen2").encode("Hi", true, false)).containsExactly(shared("qwen2").encode("Hi", false, false));
        int[] bert = shared("bert-bge").encode("hi", true, false);
        assertThat(bert[0]).isEqualTo(101);
        assertThat(bert[bert.length - 1]).isEqualTo(102);
        assertThat(shared("llama-spm").encode("", true, false)).containsExactly(1);
        assertThat(shared("llama-spm").encode("", false, false)).isEmpty();
    }

    @Test
    void addBosTokenFromMetadataWins() throws IOException {
        GgufMetadata m = metadata(TestData.requireShared("vocab/ggml-vocab-llama-spm.gguf"));
        m.putBool("tokenizer.ggml.add_bos_token", false).putBool("tokenizer.ggml.add_eos_token", true);
        BaseTokenizer t = Tokenizers.fromMetadata(m);
        int[] ids = t.encode("Hi", true, false);
        assertThat(ids[0]).isNotEqualTo(1);
        assertThat(ids[ids.length - 1]).isEqualTo(2);
    }

    @Test
    void parseSpecialOnAndOff() throws IOException {
        BaseTokenizer t = shared("llama-bpe");
        assertThat(t.encode("<|eot_id|>", false, true)).containsExactly(128009);
        assertThat(t.encode("<|eot_id|>", false, false)).hasSizeGreaterThan(1).doesNotContain(128009);
        assertThat(t.decode(t.encode("a<|eot_id|>b", false, true))).isEqualTo("a<|eot_id|>b");
        // longest special token first: <|end_header_id|> is not cut at <|end...
        assertThat(t.encode("<|start_header_id|>user<|end_header_id|>", false, true))
                .containsExactly(128006, t.vocabulary().id("user"), 128007);
    }

    @Test
    void phi3SpecialTokensSwallowFollowingWhiteSpace() throws IOException {
        BaseTokenizer t = shared("phi-3"); // llama.cpp gives Phi-3's special tokens rstrip by the model name
        int end = t.vocabulary().id("<|end|>");
        assertThat(t.vocabulary().attributes(end) & GgufVocabulary.ATTR_RSTRIP).isNotZero();
        assertThat(t.encode("<|end|>\n  hi", false, true)).isEqualTo(t.encode("<|end|>hi", false, true));
    }

    @Test
    void endOfGenerationTokens() throws IOException {
        GgufVocabulary v = shared("llama-bpe").vocabulary();
        assertThat(v.isEndOfGeneration(128001)).isTrue(); // <|end_of_text|>
        assertThat(v.isEndOfGeneration(128009)).isTrue(); // <|eot_id|>
        assertThat(v.isEndOfGeneration(128000)).isFalse();
        assertThat(v.isEndOfGeneration(-1)).isFalse();
        assertThat(v.eot()).isEqualTo(128009);
        assertThat(v.eom()).isEqualTo(-1); // Llama 3.0 has no <|eom_id|>
        GgufVocabulary qwen = shared("qwen2").vocabulary();
        assertThat(qwen.isEndOfGeneration(qwen.id("<|im_end|>"))).isTrue();
        assertThat(qwen.isEndOfGeneration(qwen.id("<|endoftext|>"))).isTrue();
    }

    @Test
    void loneSurrogatesTokenizeAsReplacementCharacter() throws IOException {
        BaseTokenizer t = shared("qwen2");
        assertThat(t.encode("a\uD800b", false, false)).isEqualTo(t.encode("a\uFFFDb", false, false));
    }

    @Test
    void clearErrors() throws IOException {
        GgufMetadata m = metadata(TestData.stories260K());
        m.putString("tokenizer.ggml.model", "rwkv");
        assertThatThrownBy(() -> Tokenizers.fromMetadata(m)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'rwkv'");
        m.remove("tokenizer.ggml.model");
        assertThatThrownBy(() -> Tokenizers.fromMetadata(m)).hasMessageContaining("tokenizer.ggml.model");
        m.putString("tokenizer.ggml.model", "gpt2");
        assertThatThrownBy(() -> Tokenizers.fromMetadata(m)).hasMessageContaining("tokenizer.ggml.merges");
        BaseTokenizer t = Tokenizers.fromFile(TestData.stories260K());
        assertThatThrownBy(() -> t.decode(new int[] {512})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("512");
    }
}
