package dev.jollama.engine.tokenizer;

/**
 * What a tokenizer model assumes before the GGUF metadata says otherwise: default special token ids (-1 = none), whether
 * BOS/EOS/SEP are added, whether a leading space is added, whether detokenization cleans spaces before punctuation, and
 * whether token texts are GPT-2 byte-level characters ({@code byteLevel}) or SentencePiece text with "▁" for spaces.
 */
public record VocabDefaults(int bos, int eos, int unk, int sep, int pad, int mask,
                            boolean addBos, boolean addEos, boolean addSep, boolean addSpacePrefix,
                            boolean cleanSpaces, boolean byteLevel, boolean forceAddBos) {

    public VocabDefaults withSpecialIds(int newBos, int newEos) {
        return new VocabDefaults(newBos, newEos, unk, sep, pad, mask, addBos, addEos, addSep, addSpacePrefix, cleanSpaces, byteLevel, forceAddBos);
    }

    public VocabDefaults withAddBos(boolean v) {
        return new VocabDefaults(bos, eos, unk, sep, pad, mask, v, addEos, addSep, addSpacePrefix, cleanSpaces, byteLevel, forceAddBos);
    }

    public VocabDefaults withAddSep(boolean v) {
        return new VocabDefaults(bos, eos, unk, sep, pad, mask, addBos, addEos, v, addSpacePrefix, cleanSpaces, byteLevel, forceAddBos);
    }

    public VocabDefaults withCleanSpaces(boolean v) {
        return new VocabDefaults(bos, eos, unk, sep, pad, mask, addBos, addEos, addSep, addSpacePrefix, v, byteLevel, forceAddBos);
    }

    public VocabDefaults withByteLevel(boolean v) {
        return new VocabDefaults(bos, eos, unk, sep, pad, mask, addBos, addEos, addSep, addSpacePrefix, cleanSpaces, v, forceAddBos);
    }

    public VocabDefaults withForceAddBos(boolean v) {
        return new VocabDefaults(bos, eos, unk, sep, pad, mask, addBos, addEos, addSep, addSpacePrefix, cleanSpaces, byteLevel, v);
    }
}
