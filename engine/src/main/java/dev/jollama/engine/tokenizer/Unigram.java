package dev.jollama.engine.tokenizer;

import dev.jollama.engine.gguf.GgufArray;
import dev.jollama.engine.gguf.GgufMetadata;

import java.io.ByteArrayOutputStream;

/**
 * SentencePiece's Unigram model ({@code tokenizer.ggml.model = "t5"}: T5, mT5, ...): the text is normalized with the
 * precompiled character map (user-defined tokens kept as they are), spaces become "▁" (merged when
 * {@code remove_extra_whitespaces}, one put in front when {@code add_space_prefix}); then the tokenization with the
 * highest total score is found by Viterbi over the token trie, a character no token covers costing the lowest score
 * minus 10 as [UNK] (consecutive unknowns fold into one).
 */
public final class Unigram extends BaseTokenizer {
    static final VocabDefaults DEFAULTS = new VocabDefaults(-1, 1, 2, -1, 0, -1,
            false, true, false, false, false, false, false);
    private static final byte[] SPACE = "▁".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};
    private static final float UNKNOWN_PENALTY = 10.0f;

    private final Trie tokens = new Trie();
    private final Trie userDefined = new Trie();
    private final CharsMap charsMap;
    private final double unknownScore;

    Unigram(GgufVocabulary vocab, CharsMap charsMap) {
        super(vocab);
        this.charsMap = charsMap;
        float min = Float.MAX_VALUE;
        for (int id = 0; id < vocab.size(); id++) {
            TokenType t = vocab.type(id); // as the file says: llama.cpp builds its trie before adjusting attributes
            if (t == TokenType.NORMAL) min = Math.min(min, vocab.score(id));
            if (t == TokenType.NORMAL || t == TokenType.USER_DEFINED || t == TokenType.UNUSED) tokens.put(vocab.utf8(id), id);
            if (t == TokenType.USER_DEFINED) userDefined.put(vocab.utf8(id), id);
        }
        unknownScore = min - UNKNOWN_PENALTY;
    }

    static Unigram create(GgufMetadata m) {
        GgufVocabulary vocab = new GgufVocabulary(m, "t5", "default", DEFAULTS);
        GgufArray blob = m.getArray("tokenizer.ggml.precompiled_charsmap");
        CharsMap map = null;
        if (blob != null) {
            if (!(blob.values() instanceof byte[] bytes)) {
                throw new IllegalArgumentException("tokenizer.ggml.precompiled_charsmap must be an array of (u)int8");
            }
            map = new CharsMap(bytes);
        }
        return new Unigram(vocab, map);
    }

    @Override
    protected void encodeText(String text, int from, int to, boolean afterSpecial, IntList out) {
        byte[] s = normalize(Utf8.encode(text.substring(from, to)));
        int n = s.length;
        if (n == 0) return;
        double[] best = new double[n + 1];
        int[] token = new int[n + 1];
        int[] start = new int[n + 1];
        java.util.Arrays.fill(best, -Double.MAX_VALUE);
        java.util.Arrays.fill(token, vocab.unknown());
        best[0] = 0;
        for (int at = 0; at < n; ) {
            int charLen = Math.min(Utf8.sequenceLength(s[at]), n - at);
            boolean wholeChar = false;
            int node = tokens.child(0, s[at] & 0xFF);
            for (int end = at + 1; node >= 0; end++) {
                int id = tokens.value(node);
                if (id >= 0) {
                    if (end - at == charLen) wholeChar = true;
                    boolean user = (vocab.attributes(id) & GgufVocabulary.ATTR_USER_DEFINED) != 0;
                    double score = best[at] + (user ? 0.0 : vocab.score(id));
                    if (score > best[end]) {
                        best[end] = score;
                        token[end] = id;
                        start[end] = at;
                    }
                }
                node = end < n ? tokens.child(node, s[end] & 0xFF) : -1;
            }
            if (!wholeChar) {
                double score = best[at] + unknownScore;
                int end = at + charLen;
                if (score > best[end]) {
                    best[end] = score;
                    token[end] = vocab.unknown();
                    start[end] = at;
                }
            }
            at += charLen;
        }
        IntList reversed = new IntList();
        boolean previousUnknown = false;
        for (int at = n; ; at = start[at]) {
            boolean unknown = token[at] == vocab.unknown();
            if (!(previousUnknown && unknown)) reversed.add(token[at]);
            if (start[at] == 0) break;
            previousUnknown = unknown;
        }
        for (int i = reversed.size() - 1; i >= 0; i--) out.add(reversed.get(i));
    }

    /** Charsmap normalization and SentencePiece's white-space handling, on UTF-8 bytes. */
    private byte[] normalize(byte[] input) {
        boolean prependSpace = vocab.addSpacePrefix();
        boolean mergeSpaces = vocab.removeExtraWhitespaces();
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length * 3 + 3);
        boolean spacePrepended = false, inWord = false;
        for (int at = 0; at < input.length; ) {
            byte[] piece;
            int consumed;
            int user = userDefined.longestPath(input, at, input.length);
            CharsMap.Match match = user > 0 || charsMap == null ? null : charsMap.longestMatch(input, at);
            if (user > 0) {
                piece = java.util.Arrays.copyOfRange(input, at, at + user);
                consumed = user;
            } else if (match != null) {
                piece = match.replacement();
                consumed = match.length();
            } else {
                consumed = validSequence(input, at);
                piece = consumed > 0 ? java.util.Arrays.copyOfRange(input, at, at + consumed) : REPLACEMENT;
                consumed = Math.max(consumed, 1);
            }
            for (byte c : piece) {
                if (c != ' ') {
                    if (!inWord) {
                        inWord = true;
                        if ((prependSpace && !spacePrepended) || mergeSpaces) {
                            out.writeBytes(SPACE);
                            spacePrepended = true;
                        }
                    }
                    out.write(c);
                } else {
                    inWord = false;
                    if (!mergeSpaces) out.writeBytes(SPACE);
                }
            }
            at += consumed;
        }
        return out.toByteArray();
    }

    /** Length of the UTF-8 sequence at {@code at} if llama.cpp's decoder accepts it, else 0. */
    private static int validSequence(byte[] s, int at) {
        int b0 = s[at] & 0xFF;
        int n = b0 < 0x80 ? 1 : (b0 & 0x40) == 0 ? 0 : (b0 & 0x20) == 0 ? 2 : (b0 & 0x10) == 0 ? 3 : (b0 & 0x08) == 0 ? 4 : 0;
        if (n == 0 || at + n > s.length) return 0;
        for (int i = at + 1; i < at + n; i++) if ((s[i] & 0xC0) != 0x80) return 0;
        return n;
    }
}
