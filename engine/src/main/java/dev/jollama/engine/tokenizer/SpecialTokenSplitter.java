package dev.jollama.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts text at the special tokens written in it, as llama.cpp does: special tokens are taken longest first, each one
 * cut out of every piece of text still unsplit, so a longer token wins over a shorter one wherever they overlap.
 * Without parse_special only user-defined tokens are cut out (control and unknown tokens stay text). A token with the
 * lstrip (rstrip) attribute swallows the ASCII white space before (after) it.
 */
final class SpecialTokenSplitter {
    /** A piece of the input: a special token ({@code token >= 0}) or the text {@code [from, to)}. */
    record Fragment(int token, int from, int to) {
        boolean isText() {
            return token < 0;
        }
    }

    private final GgufVocabulary vocab;
    private final String[] texts;
    private final Trie trie = new Trie();

    SpecialTokenSplitter(GgufVocabulary vocab) {
        this.vocab = vocab;
        int[] special = vocab.specialTokens();
        texts = new String[special.length];
        for (int i = 0; i < special.length; i++) {
            texts[i] = vocab.token(special[i]);
            trie.put(texts[i], i);
        }
    }

    List<Fragment> split(String text, boolean parseSpecial) {
        List<Fragment> fragments = new ArrayList<>();
        if (text.isEmpty()) return fragments;
        fragments.add(new Fragment(-1, 0, text.length()));
        boolean[] present = present(text);
        int[] special = vocab.specialTokens();
        for (int rank = 0; rank < special.length; rank++) {
            if (!present[rank]) continue;
            int id = special[rank];
            int attrs = vocab.attributes(id);
            if (!parseSpecial && (attrs & (GgufVocabulary.ATTR_CONTROL | GgufVocabulary.ATTR_UNKNOWN)) != 0) continue;
            fragments = cut(fragments, text, texts[rank], id, attrs);
        }
        return fragments;
    }

    /** Which special tokens occur anywhere in the text (one pass through the trie), so only those are searched for. */
    private boolean[] present(String text) {
        boolean[] present = new boolean[texts.length];
        for (int i = 0; i < text.length(); i++) {
            int node = 0;
            for (int j = i; j < text.length(); j++) {
                node = trie.child(node, text.charAt(j));
                if (node < 0) break;
                int rank = trie.value(node);
                if (rank >= 0) present[rank] = true;
            }
        }
        return present;
    }

    private static List<Fragment> cut(List<Fragment> fragments, String text, String token, int id, int attrs) {
        List<Fragment> out = new ArrayList<>(fragments.size() + 4);
        for (Fragment f : fragments) {
            if (!f.isText()) {
                out.add(f);
                continue;
            }
            int from = f.from(), to = f.to();
            while (from < to) {
                int at = text.indexOf(token, from);
                if (at < 0 || at + token.length() > to) {
                    out.add(new Fragment(-1, from, to));
                    break;
                }
                int leftEnd = at;
                if ((attrs & GgufVocabulary.ATTR_LSTRIP) != 0) {
                    while (leftEnd > from && isAsciiSpace(text.charAt(leftEnd - 1))) leftEnd--;
                }
                if (leftEnd > from) out.add(new Fragment(-1, from, leftEnd));
                out.add(new Fragment(id, at, at + token.length()));
                from = at + token.length();
                if ((attrs & GgufVocabulary.ATTR_RSTRIP) != 0) {
                    while (from < to && isAsciiSpace(text.charAt(from))) from++;
                }
            }
        }
        return out;
    }

    /** C's isspace in the "C" locale. */
    static boolean isAsciiSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
