package dev.jollama.engine.tokenizer;

/** Text to token ids and back, built from a model's GGUF metadata. One implementation per tokenizer model. */
public interface Tokenizer {
    Vocabulary vocabulary();

    /**
     * Token ids for {@code text}. {@code addSpecial}: add BOS/EOS as the metadata says ({@code add_bos_token},
     * {@code add_eos_token}). {@code parseSpecial}: special tokens written in the text (e.g. "&lt;|eot_id|&gt;") become
     * their ids; otherwise they are tokenized as plain text.
     */
    int[] encode(String text, boolean addSpecial, boolean parseSpecial);

    /** The bytes of a sequence of tokens; special tokens are rendered as their text. */
    byte[] decodeBytes(int[] ids);

    /** The text of a sequence of tokens (invalid UTF-8 replaced). */
    default String decode(int[] ids) {
        return new String(decodeBytes(ids), java.nio.charset.StandardCharsets.UTF_8);
    }
}
