package dev.jollama.engine.tokenizer;

import dev.jollama.engine.gguf.GgufMetadata;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * WordPiece ({@code tokenizer.ggml.model = "bert"}): BERT's normalization as llama.cpp does it (accents stripped by
 * taking the first code point of the NFD form, lower-casing, control characters dropped), words split at white space
 * with punctuation, ASCII symbols and CJK ideographs as words of their own; then each word, written with a leading "▁"
 * (the GGUF's way of marking word starts, where BERT marks continuations with "##"), is cut greedily into the longest
 * tokens from the left. A word that cannot be cut completely becomes [UNK]. With special tokens: [CLS] ... [SEP].
 */
public final class WordPiece extends BaseTokenizer {
    static final VocabDefaults DEFAULTS = new VocabDefaults(101, -1, 100, 102, 0, 103,
            true, false, true, false, true, false, false);
    private static final byte[] WORD_START = "▁".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    WordPiece(GgufVocabulary vocab) {
        super(vocab);
    }

    static WordPiece create(GgufMetadata m) {
        return new WordPiece(new GgufVocabulary(m, "bert", "default", DEFAULTS));
    }

    @Override
    protected void addPrefix(IntList out) {
        if (vocab.bos() >= 0) out.add(vocab.bos());
    }

    @Override
    protected void addSuffix(IntList out) {
        if (vocab.separator() >= 0) out.add(vocab.separator());
    }

    @Override
    protected void encodeText(String text, int from, int to, boolean afterSpecial, IntList out) {
        for (byte[] word : words(Utf8.codePoints(text, from, to))) {
            int start = out.size();
            int n = word.length;
            for (int i = 0; i < n; ) {
                int end = Math.min(n, i + vocab.maxTokenBytes() + 1);
                int id = -1;
                for (; end > i; end--) {
                    id = vocab.id(word, i, end);
                    if (id >= 0) break;
                }
                if (id < 0) {
                    out.truncate(start);
                    break;
                }
                out.add(id);
                i = end;
            }
            if (out.size() == start && vocab.unknown() >= 0) out.add(vocab.unknown());
        }
    }

    /** The normalized words, each as the UTF-8 bytes of "▁" + word. */
    private List<byte[]> words(int[] cps) {
        List<byte[]> words = new ArrayList<>();
        ByteArrayOutputStream word = new ByteArrayOutputStream();
        word.writeBytes(WORD_START);
        for (int cp : cps) {
            if (vocab.stripAccents()) cp = Unicode.nfdFirst(cp);
            int flags = Unicode.flags(cp);
            if ((flags & Unicode.WHITESPACE) != 0) {
                finish(words, word);
                continue;
            }
            if (cp == 0 || cp == Unicode.REPLACEMENT || (flags & Unicode.CONTROL) != 0) continue;
            if (vocab.stripAccents() && (flags & Unicode.MARK) != 0) continue;
            int c = vocab.lowercase() ? Unicode.toLower(cp) : cp;
            if ((flags & Unicode.PUNCTUATION) != 0 || (cp < 0x7F && (flags & Unicode.SYMBOL) != 0) || isChinese(cp)) {
                finish(words, word);
                Utf8.append(word, c);
                finish(words, word);
            } else {
                Utf8.append(word, c);
            }
        }
        finish(words, word);
        return words;
    }

    private static void finish(List<byte[]> words, ByteArrayOutputStream word) {
        if (word.size() > WORD_START.length) words.add(word.toByteArray());
        word.reset();
        word.writeBytes(WORD_START);
    }

    /** CJK ideographs as BERT (and llama.cpp, with the same range quirk) counts them. */
    static boolean isChinese(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
