package dev.jollama.engine.tokenizer;

import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.tokenizer.pre.PreTokenizer;
import dev.jollama.engine.tokenizer.pre.PreTokenizers;

import static dev.jollama.engine.tokenizer.pre.PreTokenizer.Option.ADD_BOS;
import static dev.jollama.engine.tokenizer.pre.PreTokenizer.Option.ADD_SEP;
import static dev.jollama.engine.tokenizer.pre.PreTokenizer.Option.ESCAPE_SPACES;
import static dev.jollama.engine.tokenizer.pre.PreTokenizer.Option.FORCE_BOS;
import static dev.jollama.engine.tokenizer.pre.PreTokenizer.Option.IGNORE_MERGES;
import static dev.jollama.engine.tokenizer.pre.PreTokenizer.Option.KEEP_SPACES;
import static dev.jollama.engine.tokenizer.pre.PreTokenizer.Option.NEWLINE_WORDS;
import static dev.jollama.engine.tokenizer.pre.PreTokenizer.Option.NO_DEFAULT_BOS;
import static dev.jollama.engine.tokenizer.pre.PreTokenizer.Option.RAW_UTF8;

/**
 * Byte-level BPE ({@code tokenizer.ggml.model = "gpt2"}: Llama 3, Qwen, GPT-2, DeepSeek, Falcon, ...): the text is cut
 * into words by the pre-tokenizer {@code tokenizer.ggml.pre} names, each word's UTF-8 bytes start as one symbol each,
 * and adjacent symbols are merged by the rank of their pair in {@code tokenizer.ggml.merges}, lowest rank first.
 *
 * <p>Merging works on symbol ids ({@link BpeMerges}), so a word is merged without building a single string.
 */
public final class ByteLevelBpe extends BaseTokenizer {
    static final VocabDefaults DEFAULTS = new VocabDefaults(11, 11, -1, -1, -1, -1,
            false, false, false, false, true, true, false);
    /** Gemma 4's tokenizer model ("gemma4"): no default special ids. */
    static final VocabDefaults GEMMA4_DEFAULTS = DEFAULTS.withSpecialIds(-1, -1);

    private final PreTokenizer pre;
    private final BpeMerges merges;

    ByteLevelBpe(GgufVocabulary vocab, PreTokenizer pre, BpeMerges merges) {
        super(vocab);
        this.pre = pre;
        this.merges = merges;
    }

    static ByteLevelBpe create(GgufMetadata m, String model) {
        String preName = "gemma4".equals(model) ? "gemma4" : m.getString("tokenizer.ggml.pre", null);
        PreTokenizer pre = PreTokenizers.forName(preName);
        GgufVocabulary vocab = vocabulary(m, model, pre);
        String[] mergeLines = m.getStringArray("tokenizer.ggml.merges");
        if (mergeLines == null && !"kimi-k2".equals(preName)) {
            throw new IllegalArgumentException("the GGUF has no tokenizer.ggml.merges (array of strings), which BPE needs");
        }
        return new ByteLevelBpe(vocab, pre, new BpeMerges(vocab, mergeLines, !pre.has(RAW_UTF8)));
    }

    /** The vocabulary with the defaults of the model and of the pre-tokenizer's name. */
    static GgufVocabulary vocabulary(GgufMetadata m, String model, PreTokenizer pre) {
        VocabDefaults d = DEFAULTS;
        if ("gemma4".equals(model)) d = GEMMA4_DEFAULTS;
        if (pre.has(KEEP_SPACES)) d = d.withCleanSpaces(false);
        if (pre.has(ADD_BOS)) d = d.withAddBos(true);
        if (pre.has(ADD_SEP)) d = d.withAddSep(true);
        if (pre.has(RAW_UTF8) && pre.has(ESCAPE_SPACES)) d = d.withByteLevel(false);
        if (pre.has(FORCE_BOS)) d = d.withForceAddBos(true);
        if (pre.has(NO_DEFAULT_BOS)) d = d.withSpecialIds(-1, d.eos());
        return new GgufVocabulary(m, model, pre.name(), d);
    }

    public PreTokenizer preTokenizer() {
        return pre;
    }

    @Override
    protected void encodeText(String text, int from, int to, boolean afterSpecial, IntList out) {
        int[] cps = Utf8.codePoints(text, from, to);
        if (pre.has(ESCAPE_SPACES)) for (int i = 0; i < cps.length; i++) if (cps[i] == ' ') cps[i] = '▁';
        int[] ends = pre.split(cps);
        SymbolChain chain = new SymbolChain();
        BigramQueue queue = new BigramQueue();
        int start = 0;
        for (int end : ends) {
            if (end > start) encodeWord(Utf8.encode(cps, start, end), chain, queue, out);
            start = end;
        }
    }

    private void encodeWord(byte[] word, SymbolChain chain, BigramQueue queue, IntList out) {
        int whole = merges.symbol(word, 0, word.length);
        if (merges.isToken(whole)
                && (pre.has(IGNORE_MERGES) || (pre.has(NEWLINE_WORDS) && onlyNewlines(word)))) {
            out.add(whole);
            return;
        }
        chain.clear();
        if (merges.byteLevel()) {
            for (int i = 0; i < word.length; i++) chain.add(i, 1, merges.byteSymbol(word[i]));
        } else {
            chain.addCharacters(word, 0, word.length);
            for (int i = 0; i < chain.count; i++) chain.id[i] = merges.symbol(word, chain.start[i], chain.start[i] + chain.length[i]);
        }
        queue.clear();
        for (int i = 1; i < chain.count; i++) offer(chain, queue, i - 1, i);
        while (!queue.isEmpty()) {
            queue.pop();
            int l = queue.topLeft, r = queue.topRight;
            if (chain.length[l] == 0 || chain.length[r] == 0 || chain.length[l] + chain.length[r] != queue.topSize) continue;
            chain.merge(l, r);
            chain.id[l] = merges.result((int) queue.topPriority);
            offer(chain, queue, chain.prev[l], l);
            offer(chain, queue, l, chain.next[l]);
        }
        for (int i = chain.count > 0 ? 0 : -1; i >= 0; i = chain.next[i]) emit(word, chain, i, out);
    }

    private void offer(SymbolChain chain, BigramQueue queue, int l, int r) {
        if (l < 0 || r < 0) return;
        int rank = merges.rank(chain.id[l], chain.id[r]);
        if (rank >= 0) queue.push(rank, l, r, chain.length[l] + chain.length[r]);
    }

    /** A final symbol's token; if it is none, llama.cpp's fallback: byte by byte, whatever single bytes are tokens. */
    private void emit(byte[] word, SymbolChain chain, int i, IntList out) {
        int id = chain.id[i];
        if (merges.isToken(id)) {
            out.add(id);
            return;
        }
        for (int k = chain.start[i]; k < chain.start[i] + chain.length[i]; k++) {
            int b = word[k] & 0xFF;
            int token = merges.byteLevel()
                    ? (ByteLevel.charOf(b) < 0x80 ? merges.byteSymbol(b) : -1) // only a one-byte character is a one-byte text
                    : vocab.hexByteToken(b);
            if (token >= 0 && token < vocab.size()) out.add(token);
        }
    }

    private static boolean onlyNewlines(byte[] word) {
        for (byte b : word) if (b != '\n') return false;
        return true;
    }
}
