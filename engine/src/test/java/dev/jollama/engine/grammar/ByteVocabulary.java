package dev.jollama.engine.grammar;

import dev.jollama.engine.tokenizer.TokenType;
import dev.jollama.engine.tokenizer.Vocabulary;

/** A vocabulary of the 256 single bytes plus one end-of-sequence token: grammar tests over raw bytes. */
final class ByteVocabulary implements Vocabulary {
    static final ByteVocabulary INSTANCE = new ByteVocabulary();
    static final int EOS = 256;

    @Override public int size() { return 257; }
    @Override public String token(int id) { return id == EOS ? "</s>" : "<0x" + Integer.toHexString(id) + ">"; }
    @Override public TokenType type(int id) { return id == EOS ? TokenType.CONTROL : TokenType.BYTE; }
    @Override public byte[] bytes(int id) { return id == EOS ? new byte[0] : new byte[] {(byte) id}; }
    @Override public int bos() { return -1; }
    @Override public int eos() { return EOS; }
    @Override public boolean isEndOfGeneration(int id) { return id == EOS; }
}
