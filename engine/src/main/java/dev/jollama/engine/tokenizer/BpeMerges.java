package dev.jollama.engine.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * A vocabulary's BPE merges ({@code tokenizer.ggml.merges}, rank = line number) as a table over symbol ids: every token
 * and every string a merge mentions is interned by the raw bytes it stands for (tokens keep their token id, other
 * strings get ids above the vocabulary), and each merge becomes (left id, right id) to (rank, result id). Merging a
 * word then never builds a string. Depends only on the token texts and merges, so vocabularies with the same tokens
 * can share one.
 */
final class BpeMerges {
    private final boolean byteLevel;
    private final int vocabSize;
    private final ByteStringMap symbols;
    private final LongIntMap ranks;
    private final int[] results;
    private final int[] byteSymbols = new int[256];

    /**
     * {@code byteLevel}: token texts are GPT-2 byte characters and words start as one symbol per byte; otherwise texts
     * are UTF-8 and words start as one symbol per character.
     */
    BpeMerges(Vocabulary vocab, String[] mergeLines, boolean byteLevel) {
        this.byteLevel = byteLevel;
        this.vocabSize = vocab.size();
        int count = mergeLines == null ? 0 : mergeLines.length;
        symbols = new ByteStringMap(vocabSize + count / 8);
        for (int id = 0; id < vocabSize; id++) {
            byte[] raw = raw(vocab.token(id));
            if (raw != null) symbols.put(raw, id);
        }
        for (int b = 0; b < 256; b++) byteSymbols[b] = byteLevel ? intern(new byte[] {(byte) b}) : -1;
        ranks = new LongIntMap(count);
        results = new int[count];
        for (int rank = 0; rank < count; rank++) {
            String line = mergeLines[rank];
            int space = line.indexOf(' ', 1);
            results[rank] = -1;
            if (space < 0) continue;
            // the merged string is the line without its space: decode it once, find both halves as slices of it
            byte[] merged = raw(line.substring(0, space) + line.substring(space + 1));
            if (merged == null) continue; // names a character that stands for no byte: never applies
            int split = byteLevel ? space : line.substring(0, space).getBytes(StandardCharsets.UTF_8).length;
            int l = symbol(merged, 0, split), r = symbol(merged, split, merged.length);
            if (l < 0) l = intern(java.util.Arrays.copyOf(merged, split));
            if (r < 0) r = intern(java.util.Arrays.copyOfRange(merged, split, merged.length));
            if (ranks.putIfAbsent((long) l << 32 | r, rank) == rank) results[rank] = intern(merged);
        }
    }

    boolean byteLevel() {
        return byteLevel;
    }

    /** The symbol of the raw bytes {@code word[from, to)}, or -1 when no token or merge has them. */
    int symbol(byte[] word, int from, int to) {
        return symbols.get(word, from, to);
    }

    /** The symbol of a single byte (byte-level merges only). */
    int byteSymbol(int b) {
        return byteSymbols[b & 0xFF];
    }

    /** Whether a symbol is a token (its id is then the token id). */
    boolean isToken(int symbol) {
        return symbol >= 0 && symbol < vocabSize;
    }

    /** The rank of merging symbols {@code left} and {@code right}, or -1. */
    int rank(int left, int right) {
        return left < 0 || right < 0 ? -1 : ranks.get((long) left << 32 | right);
    }

    /** The symbol a merge of this rank produces. */
    int result(int rank) {
        return results[rank];
    }

    /** The raw bytes a token or merge text stands for; null when it contains a character that stands for no byte. */
    private byte[] raw(String text) {
        return byteLevel ? ByteLevel.decode(text) : text.getBytes(StandardCharsets.UTF_8);
    }

    private int intern(byte[] raw) {
        return symbols.putIfAbsent(raw, vocabSize + symbols.size());
    }
}
