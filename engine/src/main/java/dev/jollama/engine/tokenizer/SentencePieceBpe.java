package dev.jollama.engine.tokenizer;

import dev.jollama.engine.gguf.GgufMetadata;

/**
 * SentencePiece's BPE ({@code tokenizer.ggml.model = "llama"}: Llama 2, Mistral, Gemma, Phi-3, ...): spaces become
 * "▁", a space is added in front of the text and after every special token ({@code add_space_prefix}), then adjacent
 * symbols are merged, highest-scoring token first, starting from single characters; a character that no token covers
 * falls back to its bytes ("&lt;0x0A&gt;").
 */
public final class SentencePieceBpe extends BaseTokenizer {
    static final VocabDefaults DEFAULTS = new VocabDefaults(1, 2, 0, -1, -1, -1,
            true, false, false, true, false, false, false);

    SentencePieceBpe(GgufVocabulary vocab) {
        super(vocab);
    }

    static SentencePieceBpe create(GgufMetadata m) {
        return new SentencePieceBpe(new GgufVocabulary(m, "llama", "default", DEFAULTS));
    }

    @Override
    protected void encodeText(String text, int from, int to, boolean afterSpecial, IntList out) {
        byte[] bytes = escaped(Utf8.codePoints(text, from, to), vocab.addSpacePrefix() && afterSpecial);
        SymbolChain symbols = new SymbolChain();
        symbols.addCharacters(bytes, 0, bytes.length);
        BigramQueue queue = new BigramQueue();
        for (int i = 1; i < symbols.count; i++) offer(bytes, symbols, queue, i - 1, i);
        while (!queue.isEmpty()) {
            queue.pop();
            int l = queue.topLeft, r = queue.topRight;
            if (symbols.length[l] == 0 || symbols.length[r] == 0 || symbols.length[l] + symbols.length[r] != queue.topSize) continue;
            symbols.merge(l, r);
            offer(bytes, symbols, queue, symbols.prev[l], l);
            offer(bytes, symbols, queue, l, symbols.next[l]);
        }
        for (int i = symbols.count > 0 ? 0 : -1; i >= 0; i = symbols.next[i]) emit(bytes, symbols.start[i], symbols.length[i], out);
    }

    /** UTF-8 of the code points with every space written "▁", and one "▁" in front if asked. */
    private static byte[] escaped(int[] cps, boolean prefix) {
        int n = prefix ? 3 : 0;
        for (int cp : cps) n += cp == ' ' ? 3 : Utf8.length(cp);
        byte[] out = new byte[n];
        int pos = prefix ? Utf8.put(out, 0, '▁') : 0;
        for (int cp : cps) pos = Utf8.put(out, pos, cp == ' ' ? '▁' : cp);
        return out;
    }

    private void offer(byte[] bytes, SymbolChain symbols, BigramQueue queue, int l, int r) {
        if (l < 0 || r < 0) return;
        int len = symbols.length[l] + symbols.length[r];
        int id = vocab.id(bytes, symbols.start[l], symbols.start[l] + len);
        if (id < 0) return;
        queue.push(BigramQueue.higherFirst(vocab.score(id)), l, r, len);
    }

    /** The token of a final symbol, else its bytes as byte tokens. */
    private void emit(byte[] bytes, int from, int len, IntList out) {
        int id = vocab.id(bytes, from, from + len);
        if (id >= 0) {
            out.add(id);
            return;
        }
        for (int i = from; i < from + len; i++) {
            int b = vocab.byteToken(bytes[i] & 0xFF);
            if (b >= 0) out.add(b);
            else if (vocab.unknown() >= 0) out.add(vocab.unknown());
        }
    }
}
