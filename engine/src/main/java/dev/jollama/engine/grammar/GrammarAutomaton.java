package dev.jollama.engine.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pushdown automaton of a {@link CompiledGrammar}, run as a lazily built DFA. A configuration is a set of stacks
 * (the grammar may be ambiguous); a stack is a chain of interned {@link Frame}s whose top points at a terminal.
 * Configurations are interned as {@link State}s and each one's transition on a byte is computed once and memoized,
 * so after warm-up stepping a byte is one array load: the token-trie walk of {@link TokenGrammar} relies on it.
 * Not thread-safe: {@link TokenGrammar} serializes access.
 */
final class GrammarAutomaton {
    /** Frames and states beyond this many make the automaton drop its memoized transitions and masks. */
    private static final int MAX_STATES = 50_000;

    /** A stack frame: a position in the grammar and the frame to return to. Interned: equal frames are identical. */
    static final class Frame {
        final int pos;
        final Frame parent;
        final int id;
        final int distance;

        Frame(int pos, Frame parent, int id, int distance) {
            this.pos = pos;
            this.parent = parent;
            this.id = id;
            this.distance = distance;
        }
    }

    /** A set of stacks, identified by their top frames; {@code accepting} when one of the stacks is empty. */
    static final class State {
        final Frame[] tops;
        final boolean accepting;
        State[] next;
        long[] mask;

        State(Frame[] tops, boolean accepting) {
            this.tops = tops;
            this.accepting = accepting;
        }

        /** Nothing can follow: the output is complete. */
        boolean isFinal() {
            return tops.length == 0 && accepting;
        }

        boolean isDead() {
            return tops.length == 0 && !accepting;
        }

        /** Fewest bytes that finish the output from here. */
        int distance() {
            if (accepting) return 0;
            int best = Integer.MAX_VALUE;
            for (Frame f : tops) best = Math.min(best, f.distance);
            return best;
        }
    }

    private record FrameKey(int pos, Frame parent) {}

    private record StateKey(int[] ids, boolean accepting) {
        @Override public boolean equals(Object o) {
            return o instanceof StateKey k && k.accepting == accepting && Arrays.equals(k.ids, ids);
        }

        @Override public int hashCode() {
            return Arrays.hashCode(ids) * 31 + (accepting ? 1 : 0);
        }
    }

    final CompiledGrammar grammar;
    final State dead = new State(new Frame[0], false);
    final State start;
    private final Map<FrameKey, Frame> frames = new HashMap<>();
    private final Map<StateKey, State> states = new HashMap<>();
    private final List<State> masked = new ArrayList<>();
    private final int maxMasks;
    private int nextFrameId;

    GrammarAutomaton(CompiledGrammar grammar, int maxMasks) {
        this.grammar = grammar;
        this.maxMasks = Math.max(1, maxMasks);
        List<Frame> tops = new ArrayList<>();
        boolean accepting = false;
        for (int alt : grammar.alternatives[grammar.root]) accepting |= expand(alt, null, tops);
        start = intern(tops, accepting);
    }

    /** The state after {@code b} (0-255) from {@code s}; {@link #dead} when the grammar does not allow it. */
    State step(State s, int b) {
        State[] next = s.next;
        if (next == null) next = s.next = new State[256];
        State n = next[b];
        if (n == null) next[b] = n = compute(s, b);
        return n;
    }

    State step(State s, byte[] bytes) {
        for (int i = 0; i < bytes.length && s != dead; i++) s = step(s, bytes[i] & 0xFF);
        return s;
    }

    /** Remembers {@code mask} as the token mask of {@code s}, forgetting all masks when the budget is spent. */
    void cacheMask(State s, long[] mask) {
        if (masked.size() >= maxMasks) {
            for (State m : masked) m.mask = null;
            masked.clear();
        }
        s.mask = mask;
        masked.add(s);
    }

    private State compute(State s, int b) {
        List<Frame> tops = new ArrayList<>();
        boolean accepting = false;
        for (Frame f : s.tops) {
            if (grammar.matches(f.pos, b)) accepting |= expand(f.pos + 1, f.parent, tops);
        }
        return intern(tops, accepting);
    }

    /**
     * Adds the stacks reachable without consuming a byte from position {@code pos} with return frame {@code parent};
     * true when one of them is empty (the whole grammar can end here).
     */
    private boolean expand(int pos, Frame parent, List<Frame> out) {
        int e = grammar.elements[pos];
        if (e == CompiledGrammar.END) {
            return parent == null || expand(parent.pos, parent.parent, out);
        }
        if (e < 0) {
            out.add(frame(pos, parent));
            return false;
        }
        Frame ret = grammar.elements[pos + 1] == CompiledGrammar.END ? parent : frame(pos + 1, parent);
        boolean accepting = false;
        for (int alt : grammar.alternatives[e]) accepting |= expand(alt, ret, out);
        return accepting;
    }

    private Frame frame(int pos, Frame parent) {
        FrameKey key = new FrameKey(pos, parent);
        Frame f = frames.get(key);
        if (f == null) {
            int distance = grammar.minBytesFrom[pos] + (parent == null ? 0 : parent.distance);
            frames.put(key, f = new Frame(pos, parent, nextFrameId++, Math.min(distance, Integer.MAX_VALUE / 2)));
        }
        return f;
    }

    private State intern(List<Frame> tops, boolean accepting) {
        if (tops.isEmpty() && !accepting) return dead;
        Frame[] unique = new Frame[tops.size()];
        int n = 0;
        for (Frame f : tops) { // insertion sort by id, dropping duplicates (frames are interned)
            int i = n;
            while (i > 0 && unique[i - 1].id > f.id) i--;
            if (i > 0 && unique[i - 1] == f) continue;
            System.arraycopy(unique, i, unique, i + 1, n - i);
            unique[i] = f;
            n++;
        }
        if (n < unique.length) unique = Arrays.copyOf(unique, n);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = unique[i].id;
        StateKey key = new StateKey(ids, accepting);
        State s = states.get(key);
        if (s == null) {
            if (states.size() + frames.size() > MAX_STATES) forget();
            states.put(key, s = new State(unique, accepting));
        }
        return s;
    }

    /**
     * Drops every memoized transition and mask; states still held by matchers stay valid and are rebuilt on use.
     * Frame ids keep counting up, so a new frame never shares an id with one an old state still holds.
     */
    private void forget() {
        for (State s : states.values()) {
            s.next = null;
            s.mask = null;
        }
        start.next = null;
        states.clear();
        masked.clear();
        frames.clear();
    }
}
