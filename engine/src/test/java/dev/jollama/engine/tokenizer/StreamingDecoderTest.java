package dev.jollama.engine.tokenizer;

import dev.jollama.testing.TestData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class StreamingDecoderTest {
    @Test
    void holdsBackCharactersSplitAcrossByteTokens() throws IOException {
        BaseTokenizer t = Tokenizers.fromFile(TestData.requireShared("vocab/ggml-vocab-llama-spm.gguf"));
        String text = "Llamas 🦙 and 中文 ok";
        int[] ids = t.encode(text, false, false);
        StreamingDecoder d = new StreamingDecoder(t.vocabulary(), true);
        StringBuilder out = new StringBuilder();
        boolean heldBack = false;
        for (int id : ids) {
            String piece = d.push(id);
            heldBack |= d.pendingBytes() > 0;
            assertThat(piece).doesNotContain("\uFFFD");
            out.append(piece);
        }
        out.append(d.flush());
        assertThat(heldBack).as("the emoji is made of byte tokens").isTrue();
        assertThat(out.toString()).isEqualTo(" " + text); // pieces keep SentencePiece's leading space
    }

    @Test
    void controlTokensOnlyWhenRendered() throws IOException {
        BaseTokenizer t = Tokenizers.fromFile(TestData.requireShared("vocab/ggml-vocab-llama-bpe.gguf"));
        int[] ids = t.encode("hi<|eot_id|>", false, true);
        StreamingDecoder plain = new StreamingDecoder(t.vocabulary(), false);
        StreamingDecoder rendered = new StreamingDecoder(t.vocabulary(), true);
        StringBuilder a = new StringBuilder(), b = new StringBuilder();
        for (int id : ids) {
            a.append(plain.push(id));
            b.append(rendered.push(id));
        }
        assertThat(a.toString()).isEqualTo("hi");
        assertThat(b.toString()).isEqualTo("hi<|eot_id|>");
    }

    @Test
    void completeLengthKeepsOnlyAValidIncompleteTail() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // E2 82 AC
        assertThat(StreamingDecoder.completeLength(new byte[] {'a', euro[0]}, 2)).isEqualTo(1);
        assertThat(StreamingDecoder.completeLength(new byte[] {'a', euro[0], euro[1]}, 3)).isEqualTo(1);
        assertThat(StreamingDecoder.completeLength(euro, 3)).isEqualTo(3);
        assertThat(StreamingDecoder.completeLength(new byte[] {(byte) 0x80}, 1)).isEqualTo(1); // stray: shown as U+FFFD
        assertThat(StreamingDecoder.completeLength(new byte[] {(byte) 0xE2, 'a'}, 2)).isEqualTo(2); // broken: shown
        assertThat(StreamingDecoder.completeLength(new byte[] {(byte) 0xED, (byte) 0xA0}, 2)).isEqualTo(2); // surrogate
        assertThat(StreamingDecoder.completeLength(new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0xA6}, 3)).isEqualTo(0);
    }
}
