package dev.jollama.engine.grammar;

import dev.jollama.engine.sampling.TokenConstraint;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The grammar state of one sequence: masks the logits to the tokens the grammar allows next, advances on the sampled
 * token, and tells when the output is complete. End-of-generation tokens are allowed only where the grammar may end;
 * once nothing else can follow they are the only tokens allowed and {@link #isComplete} is true. Not thread-safe
 * (one per sequence); cheap to {@link #copy}.
 */
public final class GrammarMatcher implements TokenConstraint {
    private final TokenGrammar grammar;
    private GrammarAutomaton.State state;
    private boolean ended;

    GrammarMatcher(TokenGrammar grammar, GrammarAutomaton.State state) {
        this.grammar = grammar;
        this.state = state;
    }

    @Override
    public void mask(float[] logits) {
        long[] allowed = ended ? null : grammar.mask(state);
        boolean eog = ended || state.accepting || isEmpty(allowed);
        int[] eogIds = grammar.trie.endOfGeneration;
        float[] eogLogits = new float[eogIds.length];
        for (int i = 0; i < eogIds.length; i++) if (eogIds[i] < logits.length) eogLogits[i] = logits[eogIds[i]];
        int n = Math.min(logits.length, grammar.vocabularySize());
        for (int w = 0, base = 0; base < n; w++, base += 64) {
            long bits = allowed == null ? 0 : allowed[w];
            if (bits == -1L) continue;
            int end = Math.min(base + 64, n);
            if (bits == 0) {
                Arrays.fill(logits, base, end, Float.NEGATIVE_INFINITY);
                continue;
            }
            for (long off = ~bits; off != 0; off &= off - 1) { // only the disallowed bits
                int i = base + Long.numberOfTrailingZeros(off);
                if (i < end) logits[i] = Float.NEGATIVE_INFINITY;
            }
        }
        if (logits.length > n) Arrays.fill(logits, n, logits.length, Float.NEGATIVE_INFINITY);
        if (eog) for (int i = 0; i < eogIds.length; i++) if (eogIds[i] < logits.length) logits[eogIds[i]] = eogLogits[i];
    }

    /**
     * The tokens allowed next as a bit set over token ids (bit {@code id % 64} of word {@code id / 64}); a fresh array.
     * When the grammar leaves no token at all (a vocabulary that cannot spell what it needs), end-of-generation is
     * allowed so generation stops instead of sampling garbage.
     */
    public long[] allowedTokens() {
        long[] bits = ended ? new long[grammar.words] : grammar.mask(state).clone();
        boolean eog = ended || state.accepting || isEmpty(bits);
        if (eog) for (int id : grammar.trie.endOfGeneration) bits[id >>> 6] |= 1L << id;
        return bits;
    }

    /** True when {@code token} may come next. */
    public boolean allows(int token) {
        if (token < 0 || token >= grammar.vocabularySize()) return false;
        if (grammar.trie.isEndOfGeneration(token)) return ended || state.accepting;
        byte[] bytes = grammar.trie.tokenBytes[token];
        return !ended && bytes != null && !grammar.step(state, bytes).isDead();
    }

    @Override
    public void accept(int token) {
        if (token < 0 || token >= grammar.vocabularySize()) throw new IllegalArgumentException("token id " + token + " out of range");
        if (grammar.trie.isEndOfGeneration(token)) {
            if (!ended && !state.accepting) throw new IllegalStateException("end of generation before the grammar is complete");
            ended = true;
            return;
        }
        byte[] bytes = grammar.trie.tokenBytes[token];
        if (ended || bytes == null) throw new IllegalStateException("token " + token + " is not allowed by the grammar here");
        GrammarAutomaton.State next = grammar.step(state, bytes);
        if (next.isDead()) throw new IllegalStateException("token " + token + " is not allowed by the grammar here");
        state = next;
    }

    /** Advances over {@code text} if the grammar allows it (e.g. a prefilled answer); false and unchanged if not. */
    public boolean acceptText(String text) {
        return acceptBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    public boolean acceptBytes(byte[] bytes) {
        if (ended) return bytes.length == 0;
        GrammarAutomaton.State next = grammar.step(state, bytes);
        if (next.isDead()) return false;
        state = next;
        return true;
    }

    @Override
    public boolean isComplete() {
        return ended || state.isFinal();
    }

    /** True when the output so far is a complete match (end-of-generation is allowed), though it may go on. */
    public boolean canEnd() {
        return ended || state.accepting;
    }

    /** The fewest bytes that would complete the output from here (0 when it can end now). */
    public int minBytesToComplete() {
        return ended ? 0 : grammar.distance(state);
    }

    /** An independent matcher in the same state. */
    public GrammarMatcher copy() {
        GrammarMatcher m = new GrammarMatcher(grammar, state);
        m.ended = ended;
        return m;
    }

    private static boolean isEmpty(long[] bits) {
        if (bits == null) return true;
        for (long b : bits) if (b != 0) return false;
        return true;
    }
}
