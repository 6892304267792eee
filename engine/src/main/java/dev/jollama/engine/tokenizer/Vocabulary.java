package dev.jollama.engine.tokenizer;

/**
 * The token inventory of a model, read from GGUF metadata: what each id is, which ids are special, and the bytes each
 * id stands for in generated text. The grammar engine and the sampler work from this alone.
 */
public interface Vocabulary {
    int size();

    /** The token's text as stored in the vocabulary (e.g. "▁the", "Ġthe", "<0x0A>", "<|eot_id|>"). */
    String token(int id);

    TokenType type(int id);

    /**
     * The bytes this token adds to generated text (what detokenization emits for it with special tokens rendered):
     * "▁" becomes a space, byte tokens become their byte, byte-level BPE pieces are mapped back to raw bytes.
     */
    byte[] bytes(int id);

    /** Beginning-of-sequence id, or -1. */
    int bos();

    /** End-of-sequence id, or -1. */
    int eos();

    /** True for every token that ends generation (EOS, EOT, EOM and the like from metadata). */
    boolean isEndOfGeneration(int id);

    /**
     * True for control and unknown tokens, which llama.cpp leaves out of text unless special tokens are rendered
     * (user-defined tokens are always rendered).
     */
    default boolean isControl(int id) {
        TokenType t = type(id);
        return t == TokenType.CONTROL || t == TokenType.UNKNOWN;
    }

    /** True for control and user-defined special tokens, which are not plain text. */
    default boolean isSpecial(int id) {
        TokenType t = type(id);
        return t == TokenType.CONTROL || t == TokenType.USER_DEFINED;
    }
}
