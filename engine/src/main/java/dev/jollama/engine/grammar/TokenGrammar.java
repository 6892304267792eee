package dev.jollama.engine.grammar;

import dev.jollama.engine.tokenizer.Vocabulary;

/**
 * A compiled grammar bound to a vocabulary: computes which tokens may come next from a matcher state. The mask of a
 * state is one depth-first walk of the vocabulary's {@link TokenTrie} that steps the grammar automaton one byte per
 * trie node (a memoized array load once warm) and skips every subtree whose prefix the grammar rejects; each state's
 * mask is then cached, so the steps of a long string or a repeated structure cost a lookup. Create one per
 * (grammar, vocabulary) and share it between sequences; it is thread-safe.
 */
public final class TokenGrammar {
    /** Default memory for cached masks (a 128k vocabulary takes 16 KB per mask). */
    public static final long DEFAULT_MASK_CACHE_BYTES = 64L << 20;

    final TokenTrie trie;
    final GrammarAutomaton automaton;
    final int words;

    public TokenGrammar(CompiledGrammar grammar, Vocabulary vocabulary) {
        this(grammar, vocabulary, DEFAULT_MASK_CACHE_BYTES);
    }

    public TokenGrammar(CompiledGrammar grammar, Vocabulary vocabulary, long maskCacheBytes) {
        this.trie = TokenTrie.of(vocabulary);
        this.words = (trie.vocabularySize + 63) >>> 6;
        this.automaton = new GrammarAutomaton(grammar, (int) Math.min(Integer.MAX_VALUE, maskCacheBytes / (8L * words)));
    }

    /** Compiles {@code grammar} for {@code vocabulary}. */
    public static TokenGrammar of(Grammar grammar, Vocabulary vocabulary) {
        return new TokenGrammar(CompiledGrammar.compile(grammar), vocabulary);
    }

    /** A matcher at the start of the grammar, for one sequence. */
    public GrammarMatcher newMatcher() {
        return new GrammarMatcher(this, automaton.start);
    }

    public int vocabularySize() {
        return trie.vocabularySize;
    }

    /** The plain-text tokens allowed after state {@code s}, as a bit set over token ids. Shared: do not modify. */
    synchronized long[] mask(GrammarAutomaton.State s) {
        long[] m = s.mask;
        if (m == null) {
            m = walk(s);
            automaton.cacheMask(s, m);
        }
        return m;
    }

    synchronized GrammarAutomaton.State step(GrammarAutomaton.State s, byte[] bytes) {
        return automaton.step(s, bytes);
    }

    synchronized int distance(GrammarAutomaton.State s) {
        return s.distance();
    }

    private long[] walk(GrammarAutomaton.State start) {
        long[] bits = new long[words];
        if (start.tops.length == 0) return bits;
        TokenTrie t = trie;
        byte[] label = t.label;
        int[] depth = t.depth, subtreeEnd = t.subtreeEnd, tokenStart = t.tokenStart, tokens = t.tokens;
        GrammarAutomaton.State dead = automaton.dead;
        GrammarAutomaton.State[] path = new GrammarAutomaton.State[t.maxDepth + 1];
        path[0] = start;
        int n = label.length;
        int i = 1;
        while (i < n) {
            GrammarAutomaton.State parent = path[depth[i] - 1];
            int b = label[i] & 0xFF;
            GrammarAutomaton.State[] next = parent.next;
            GrammarAutomaton.State s = next == null ? null : next[b];
            if (s == null) s = automaton.step(parent, b);
            if (s == dead) {
                i = subtreeEnd[i];
                continue;
            }
            path[depth[i]] = s;
            for (int k = tokenStart[i], e = tokenStart[i + 1]; k < e; k++) {
                int id = tokens[k];
                bits[id >>> 6] |= 1L << id;
            }
            i++;
        }
        return bits;
    }
}
