package dev.jollama.engine.tokenizer;

import java.io.ByteArrayOutputStream;

/**
 * What every tokenizer model shares: special tokens are cut out of the text first, each remaining piece of text goes to
 * the model's own algorithm, and BOS/EOS are added around as the vocabulary says. Detokenization concatenates the
 * tokens' pieces as llama.cpp's llama_detokenize does (special tokens rendered, the leading space of a
 * SentencePiece-style first token dropped, spaces before punctuation cleaned when the vocabulary asks for it).
 */
public abstract class BaseTokenizer implements Tokenizer {
    protected final GgufVocabulary vocab;
    private final SpecialTokenSplitter specials;

    protected BaseTokenizer(GgufVocabulary vocab) {
        this.vocab = vocab;
        this.specials = new SpecialTokenSplitter(vocab);
    }

    @Override
    public GgufVocabulary vocabulary() {
        return vocab;
    }

    @Override
    public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        String s = Utf8.wellFormed(text);
        IntList out = new IntList(Math.max(16, s.length() / 3));
        if (addSpecial) addPrefix(out);
        boolean afterSpecial = true;
        for (SpecialTokenSplitter.Fragment f : specials.split(s, parseSpecial)) {
            if (f.isText()) {
                encodeText(s, f.from(), f.to(), afterSpecial, out);
                afterSpecial = false;
            } else {
                out.add(f.token());
                afterSpecial = true;
            }
        }
        if (addSpecial) addSuffix(out);
        return out.toArray();
    }

    /** Tokens of {@code text[from, to)}, a piece without special tokens; {@code afterSpecial}: at the start or after one. */
    protected abstract void encodeText(String text, int from, int to, boolean afterSpecial, IntList out);

    /** BOS when the vocabulary adds one. */
    protected void addPrefix(IntList out) {
        if (vocab.addBos() && vocab.bos() >= 0) out.add(vocab.bos());
    }

    /** EOS when the vocabulary adds one. */
    protected void addSuffix(IntList out) {
        if (vocab.addEos() && vocab.eos() >= 0) out.add(vocab.eos());
    }

    @Override
    public byte[] decodeBytes(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length * 4);
        boolean dropLeadingSpace = vocab.addSpacePrefix();
        for (int id : ids) {
            byte[] piece = vocab.bytes(id);
            int skip = dropLeadingSpace && piece.length > 0 && piece[0] == ' ' ? 1 : 0;
            dropLeadingSpace = false;
            out.write(piece, skip, piece.length - skip);
        }
        byte[] text = out.toByteArray();
        return vocab.cleanSpaces() ? cleanSpaces(text) : text;
    }

    /** llama.cpp's clean_up_tokenization_spaces: " ?", " !", " .", " ,", " ' ", " 's", " 'm", " 're", " 've". */
    static byte[] cleanSpaces(byte[] t) {
        int n = removeSpaceBeforePunctuation(t, t.length);
        n = removeSpacesAroundApostrophe(t, n);
        n = removeSpaceBeforeContraction(t, n);
        return java.util.Arrays.copyOf(t, n);
    }

    private static int removeSpaceBeforePunctuation(byte[] t, int len) {
        int n = len > 0 ? 1 : 0;
        for (int i = 1; i < len; i++) {
            byte x = t[i];
            if (t[i - 1] == ' ' && (x == '?' || x == '!' || x == '.' || x == ',')) n--;
            t[n++] = x;
        }
        return n;
    }

    private static int removeSpacesAroundApostrophe(byte[] t, int len) {
        int n = len > 0 ? 1 : 0;
        for (int i = 1; i < len; i++) {
            byte x = t[i];
            if (x == '\'' && i + 1 < len && t[i - 1] == ' ' && t[i + 1] == ' ') {
                n--;
                t[++i] = 0; // llama.cpp blanks the following space in place and skips it
            }
            t[n++] = x;
        }
        return n;
    }

    private static int removeSpaceBeforeContraction(byte[] t, int len) {
        int n = len > 0 ? 1 : 0;
        for (int i = 1; i < len; i++) {
            byte x = t[i];
            if (t[i - 1] == ' ' && x == '\'' && i + 1 < len) {
                byte x1 = t[i + 1];
                if (x1 == 's' || x1 == 'm') {
                    n--;
                } else if (i + 2 < len && ((x1 == 'r' || x1 == 'v') && t[i + 2] == 'e')) {
                    n--;
                }
            }
            t[n++] = x;
        }
        return n;
    }
}
