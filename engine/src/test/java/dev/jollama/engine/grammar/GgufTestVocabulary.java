package dev.jollama.engine.grammar;

import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.tokenizer.TokenType;
import dev.jollama.engine.tokenizer.Vocabulary;
import dev.jollama.testing.TestData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Test-only vocabulary read straight from GGUF metadata (byte-level BPE and SentencePiece), until the tokenizer
 * module's own Vocabulary lands; the grammar tests only need token bytes, types and end-of-generation ids.
 */
final class GgufTestVocabulary implements Vocabulary {
    private static final Map<String, Vocabulary> LOADED = new HashMap<>();
    private static final Set<String> EOG_TEXTS = Set.of("<|eot_id|>", "<|eom_id|>", "<|im_end|>", "<|endoftext|>", "</s>", "<|end|>");

    private final String[] tokens;
    private final int[] types;
    private final byte[][] bytes;
    private final boolean[] eog;
    private final int bos, eos;

    private GgufTestVocabulary(GgufMetadata m) {
        tokens = m.getStringArray("tokenizer.ggml.tokens");
        int[] t = m.getIntArray("tokenizer.ggml.token_type");
        types = t != null ? t : new int[tokens.length];
        boolean byteLevel = "gpt2".equals(m.getString("tokenizer.ggml.model", ""));
        int[] unicodeToByte = byteLevel ? unicodeToByte() : null;
        bytes = new byte[tokens.length][];
        eog = new boolean[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            bytes[i] = byteLevel ? decodeByteLevel(tokens[i], unicodeToByte) : decodeSentencePiece(tokens[i], type(i));
            eog[i] = EOG_TEXTS.contains(tokens[i]) && type(i) != TokenType.NORMAL;
        }
        bos = m.getInt("tokenizer.ggml.bos_token_id", -1);
        eos = m.getInt("tokenizer.ggml.eos_token_id", -1);
        for (String key : new String[] {"tokenizer.ggml.eos_token_id", "tokenizer.ggml.eot_token_id", "tokenizer.ggml.eom_token_id"}) {
            int id = m.getInt(key, -1);
            if (id >= 0 && id < tokens.length) eog[id] = true;
        }
    }

    /** The vocabulary of a file in ../shared/vocab (the test is skipped when it is absent). */
    static synchronized Vocabulary load(String file) {
        Path path = TestData.requireShared("vocab/" + file);
        return LOADED.computeIfAbsent(file, f -> {
            try (GgufFile g = GgufFile.open(path)) {
                return new GgufTestVocabulary(g.metadata());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static byte[] decodeSentencePiece(String token, TokenType type) {
        if (type == TokenType.BYTE && token.length() == 6 && token.startsWith("<0x"))
            return new byte[] {(byte) Integer.parseInt(token.substring(3, 5), 16)};
        return token.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] decodeByteLevel(String token, int[] unicodeToByte) {
        byte[] out = new byte[token.length()];
        int n = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            int b = c < unicodeToByte.length ? unicodeToByte[c] : -1;
            if (b < 0) return token.getBytes(StandardCharsets.UTF_8); // not a byte-level piece (special token text)
            out[n++] = (byte) b;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** GPT-2's byte-to-printable-character table, inverted. */
    private static int[] unicodeToByte() {
        int[] inverse = new int[512];
        java.util.Arrays.fill(inverse, -1);
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = b >= '!' && b <= '~' || b >= 0xA1 && b <= 0xAC || b >= 0xAE && b <= 0xFF;
            int c = printable ? b : 256 + extra++;
            inverse[c] = b;
        }
        return inverse;
    }

    @Override public int size() { return tokens.length; }
    @Override public String token(int id) { return tokens[id]; }
    @Override public TokenType type(int id) { return TokenType.byId(types[id]); }
    @Override public byte[] bytes(int id) { return bytes[id].clone(); }
    @Override public int bos() { return bos; }
    @Override public int eos() { return eos; }
    @Override public boolean isEndOfGeneration(int id) { return eog[id]; }
}
