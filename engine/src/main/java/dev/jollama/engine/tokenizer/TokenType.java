package dev.jollama.engine.tokenizer;

/** Token types as stored in {@code tokenizer.ggml.token_type} (llama.cpp's llama_token_type). */
public enum TokenType {
    UNDEFINED, NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE;

    public static TokenType byId(int id) {
        TokenType[] all = values();
        return id >= 0 && id < all.length ? all[id] : UNDEFINED;
    }
}
