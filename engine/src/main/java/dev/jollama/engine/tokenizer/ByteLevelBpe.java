package dev.jollama.engine.tokenizer;

import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.tokenizer.pre.PreTokenizer;
import dev.jollama.engine.tokenizer.pre.PreTokenizers;

import java.nio.charset.StandardCharsets;

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
 * <p>Merging works on symbol ids rather than strings: every token and every string a merge mentions is interned by its
 * raw bytes, and each merge becomes a (left id, right id) to (rank, result id) entry, so a word is merged without
 * building a single string.
 */
public final class ByteLevelBpe extends BaseTokenizer {
    static final VocabDefaults DEFAULTS = new VocabDefaults(11, 11, -1, -1, -1, -1,
            false, false, false, false, true, true, false);

    private final PreTokenizer pre;
    private final boolean byteLevel;
    /** Raw bytes of tokens (ids below the vocabulary size) and of other strings that merges produce (ids above). */
    private final ByteStringMap symbols;
    /** (left symbol << 32 | right symbol) to merge rank. */
    private final LongIntMap merges;
    private final int[] mergeResult;
    /** The symbol of each single byte. */
    private final int[] byteSymbol = new int[256];

    ByteLevelBpe(GgufVocabulary vocab, PreTokenizer pre, String[] mergeLines) {
        super(vocab);
        this.pre = pre;
        this.byteLevel = !pre.has(RAW_UTF8);
        int n = vocab.size();
        symbols = new ByteStringMap(n + (mergeLines == null ? 0 : mergeLines.length / 4));
        for (int id = 0; id < n; id++) {
            byte[] raw = raw(vocab.token(id));
            if (raw != null) symbols.put(raw, id);
        }
        for (int b = 0; b < 256; b++) {
            byte[] raw = byteLevel ? new byte[] {(byte) b} : null;
            byteSymbol[b] = raw == null ? -1 : intern(raw);
        }
        int count = mergeLines == null ? 0 : mergeLines.length;
        merges = new LongIntMap(count);
        mergeResult = new int[count];
        for (int rank = 0; rank < count; rank++) {
            String line = mergeLines[rank];
            int space = line.indexOf(' ', 1);
            mergeResult[rank] = -1;
            if (space < 0) continue;
            byte[] left = raw(line.substring(0, space)), right = raw(line.substring(space + 1));
            if (left == null || right == null) continue; // names a character that stands for no byte: never applies
            int l = intern(left), r = intern(right);
            if (merges.putIfAbsent((long) l << 32 | r, rank) == rank) mergeResult[rank] = intern(concat(left, right));
        }
    }

    static ByteLevelBpe create(GgufMetadata m, String model) {
        String preName = "gemma4".equals(model) ? "gemma4" : m.getString("tokenizer.ggml.pre", null);
        PreTokenizer pre = PreTokenizers.forName(preName);
        VocabDefaults d = DEFAULTS;
        if ("gemma4".equals(model)) d = new VocabDefaults(-1, -1, -1, -1, -1, -1, false, false, false, false, true, true, false);
        if (pre.has(KEEP_SPACES)) d = d.withCleanSpaces(false);
        if (pre.has(ADD_BOS)) d = d.withAddBos(true);
        if (pre.has(ADD_SEP)) d = d.withAddSep(true);
        if (pre.has(RAW_UTF8) && pre.has(ESCAPE_SPACES)) d = d.withByteLevel(false);
        if (pre.has(FORCE_BOS)) d = d.withForceAddBos(true);
        if (pre.has(NO_DEFAULT_BOS)) {
            d = new VocabDefaults(-1, d.eos(), d.unk(), d.sep(), d.pad(), d.mask(), d.addBos(), d.addEos(), d.addSep(),
                    d.addSpacePrefix(), d.cleanSpaces(), d.byteLevel(), d.forceAddBos());
        }
        String[] mergeLines = m.getStringArray("tokenizer.ggml.merges");
        if (mergeLines == null && !"kimi-k2".equals(preName)) {
            throw new IllegalArgumentException("the GGUF has no tokenizer.ggml.merges (array of strings), which BPE needs");
        }
        GgufVocabulary vocab = new GgufVocabulary(m, model, pre.name(), d);
        return new ByteLevelBpe(vocab, pre, mergeLines);
    }

    /** The raw bytes a token or merge text stands for; null when it contains a character that stands for no byte. */
    private byte[] raw(String text) {
        return byteLevel ? ByteLevel.decode(text) : text.getBytes(StandardCharsets.UTF_8);
    }

    private int intern(byte[] raw) {
        return symbols.putIfAbsent(raw, vocab.size() + symbols.size());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
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
        int whole = symbols.get(word);
        if (whole >= 0 && whole < vocab.size()
                && (pre.has(IGNORE_MERGES) || (pre.has(NEWLINE_WORDS) && onlyNewlines(word)))) {
            out.add(whole);
            return;
        }
        chain.clear();
        if (byteLevel) {
            for (int i = 0; i < word.length; i++) chain.add(i, 1, byteSymbol[word[i] & 0xFF]);
        } else {
            chain.addCharacters(word, 0, word.length);
            for (int i = 0; i < chain.count; i++) chain.id[i] = symbols.get(word, chain.start[i], chain.start[i] + chain.length[i]);
        }
        queue.clear();
        for (int i = 1; i < chain.count; i++) offer(chain, queue, i - 1, i);
        while (!queue.isEmpty()) {
            queue.pop();
            int l = queue.topLeft, r = queue.topRight;
            if (chain.length[l] == 0 || chain.length[r] == 0 || chain.length[l] + chain.length[r] != queue.topSize) continue;
            chain.merge(l, r);
            chain.id[l] = mergeResult[(int) queue.topPriority];
            offer(chain, queue, chain.prev[l], l);
            offer(chain, queue, l, chain.next[l]);
        }
        for (int i = chain.count > 0 ? 0 : -1; i >= 0; i = chain.next[i]) emit(word, chain, i, out);
    }

    private void offer(SymbolChain chain, BigramQueue queue, int l, int r) {
        if (l < 0 || r < 0 || chain.id[l] < 0 || chain.id[r] < 0) return;
        int rank = merges.get((long) chain.id[l] << 32 | chain.id[r]);
        if (rank >= 0) queue.push(rank, l, r, chain.length[l] + chain.length[r]);
    }

    /** A final symbol's token; if it is none, llama.cpp's fallback: byte by byte, whatever single bytes are tokens. */
    private void emit(byte[] word, SymbolChain chain, int i, IntList out) {
        int id = chain.id[i];
        if (id >= 0 && id < vocab.size()) {
            out.add(id);
            return;
        }
        for (int k = chain.start[i]; k < chain.start[i] + chain.length[i]; k++) {
            int b = word[k] & 0xFF;
            int token = byteLevel
                    ? (ByteLevel.charOf(b) < 0x80 ? byteSymbol[b] : -1) // only a one-byte character is a one-byte text
                    : vocab.hexByteToken(b);
            if (token >= 0 && token < vocab.size()) out.add(token);
        }
    }

    private static boolean onlyNewlines(byte[] word) {
        for (byte b : word) if (b != '\n') return false;
        return true;
    }
}
