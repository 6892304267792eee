package dev.jollama.engine.grammar;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Grammar} compiled to a byte-level pushdown automaton: every rule is a list of alternatives, every alternative
 * a run of elements in one flat array, each element either a terminal (a set of bytes) or a call of a rule. Character
 * classes become byte-range sequences (UTF-8), literals single bytes, repetitions and nested groups helper rules
 * (x* as {@code r ::= x r | ε}, x{m,n} as m copies then a chain of n-m optionals), so the matcher only ever steps one
 * byte at a time. Rules that can never finish are dropped and left recursion is refused, so every live stack of the
 * matcher can still complete. Immutable and thread-safe.
 */
public final class CompiledGrammar {
    static final int END = Integer.MIN_VALUE;

    /** {@code >= 0}: call of that rule; {@link #END}: end of an alternative; otherwise terminal {@code ~e}. */
    final int[] elements;
    /** Start positions in {@link #elements} of each rule's alternatives. */
    final int[][] alternatives;
    /** Four longs (256 bits) per terminal byte set. */
    final long[] byteSets;
    /** Fewest bytes that finish the alternative from each position on. */
    final int[] minBytesFrom;
    final int root;
    final String[] ruleNames;
    private final Grammar source;

    private CompiledGrammar(Builder b, Grammar source) {
        this.source = source;
        this.root = b.ruleIndex.get(source.root());
        this.ruleNames = b.names.toArray(String[]::new);
        this.byteSets = new long[b.sets.size() * 4];
        for (int i = 0; i < b.sets.size(); i++) System.arraycopy(b.sets.get(i), 0, byteSets, 4 * i, 4);
        int size = 0;
        for (List<int[]> alts : b.rules) for (int[] alt : alts) size += alt.length + 1;
        elements = new int[size];
        alternatives = new int[b.rules.size()][];
        int p = 0;
        for (int r = 0; r < b.rules.size(); r++) {
            List<int[]> alts = b.rules.get(r);
            alternatives[r] = new int[alts.size()];
            for (int a = 0; a < alts.size(); a++) {
                alternatives[r][a] = p;
                for (int e : alts.get(a)) elements[p++] = e;
                elements[p++] = END;
            }
        }
        int[] ruleMin = b.ruleMinBytes();
        minBytesFrom = new int[size];
        for (int i = size - 1; i >= 0; i--) {
            int e = elements[i];
            minBytesFrom[i] = e == END ? 0 : saturatedAdd(minBytesFrom[i + 1], e >= 0 ? ruleMin[e] : 1);
        }
    }

    /** Compiles {@code grammar}; a {@link GrammarException} names an undefined or left-recursive rule. */
    public static CompiledGrammar compile(Grammar grammar) {
        Builder b = new Builder(grammar);
        b.build();
        return new CompiledGrammar(b, grammar);
    }

    public Grammar grammar() {
        return source;
    }

    boolean isTerminal(int element) {
        return element < 0 && element != END;
    }

    boolean matches(int pos, int b) {
        int set = ~elements[pos];
        return (byteSets[4 * set + (b >>> 6)] >>> b & 1) != 0;
    }

    private static int saturatedAdd(int a, int b) {
        long s = (long) a + b;
        return s > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE / 2 : (int) s;
    }

    private static final class Builder {
        final Grammar grammar;
        final Map<String, Integer> ruleIndex = new HashMap<>();
        final List<String> names = new ArrayList<>();
        final List<List<int[]>> rules = new ArrayList<>();
        final List<long[]> sets = new ArrayList<>();
        final Map<List<Long>, Integer> setIndex = new HashMap<>();
        final Map<Object, Integer> helpers = new HashMap<>();
        String current = "";

        Builder(Grammar grammar) {
            this.grammar = grammar;
        }

        void build() {
            for (String name : grammar.rules().keySet()) newRule(name);
            for (Map.Entry<String, Expr> e : grammar.rules().entrySet()) {
                current = e.getKey();
                rules.set(ruleIndex.get(current), alternativesOf(e.getValue()));
            }
            dropUnproductive();
            refuseLeftRecursion();
        }

        int newRule(String name) {
            int index = rules.size();
            if (ruleIndex.putIfAbsent(name, index) != null) throw new GrammarException("rule " + name + " is defined twice");
            names.add(name);
            rules.add(new ArrayList<>());
            return index;
        }

        int helper(String kind) {
            String name = current + "-" + kind + "-" + rules.size();
            while (ruleIndex.containsKey(name)) name += "_";
            return newRule(name);
        }

        List<int[]> alternativesOf(Expr e) {
            List<int[]> alts = new ArrayList<>();
            for (Expr option : e instanceof Expr.Alt a ? a.options() : List.of(e)) alts.add(sequence(option));
            return alts;
        }

        int[] sequence(Expr e) {
            List<Integer> out = new ArrayList<>();
            flatten(e, out);
            return out.stream().mapToInt(Integer::intValue).toArray();
        }

        void flatten(Expr e, List<Integer> out) {
            switch (e) {
                case Expr.Literal l -> {
                    String t = l.text();
                    for (int i = 0; i < t.length(); i++) {
                        char c = t.charAt(i);
                        if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < t.length() && Character.isLowSurrogate(t.charAt(i + 1))))
                            throw new GrammarException("literal with a lone surrogate in rule " + current);
                        if (Character.isHighSurrogate(c)) i++;
                    }
                    for (byte b : t.getBytes(StandardCharsets.UTF_8)) out.add(terminal(b & 0xFF, b & 0xFF));
                }
                case Expr.CharClass c -> out.add(charClass(c));
                case Expr.Ref r -> {
                    Integer index = ruleIndex.get(r.rule());
                    if (index == null || !grammar.rules().containsKey(r.rule())) throw new GrammarException("undefined rule " + r.rule() + " (used in " + current + ")");
                    out.add(index);
                }
                case Expr.Seq s -> s.items().forEach(item -> flatten(item, out));
                case Expr.Alt a -> {
                    Integer known = helpers.get(a);
                    if (known == null) {
                        known = helper("alt");
                        helpers.put(a, known);
                        rules.set(known, alternativesOf(a));
                    }
                    out.add(known);
                }
                case Expr.Repeat rep -> {
                    int x = element(rep.item());
                    for (int i = 0; i < rep.min(); i++) out.add(x);
                    if (rep.max() == Expr.Repeat.UNBOUNDED) out.add(star(x));
                    else if (rep.max() > rep.min()) out.add(optionalChain(x, rep.max() - rep.min()));
                }
            }
        }

        /** {@code e} as one element: itself when it flattens to one, else a helper rule. */
        int element(Expr e) {
            List<Integer> out = new ArrayList<>();
            flatten(e, out);
            if (out.size() == 1) return out.getFirst();
            return helpers.computeIfAbsent(List.of("seq", out), k -> {
                int r = helper("seq");
                rules.get(r).add(out.stream().mapToInt(Integer::intValue).toArray());
                return r;
            });
        }

        /** {@code s ::= x s | ε}. */
        int star(int x) {
            return helpers.computeIfAbsent(List.of("star", x), k -> {
                int r = helper("star");
                rules.get(r).add(new int[] {x, r});
                rules.get(r).add(new int[0]);
                return r;
            });
        }

        /** Up to {@code k} more x: {@code o_k ::= x o_(k-1) | ε}, {@code o_1 ::= x | ε}. */
        int optionalChain(int x, int k) {
            int prev = -1;
            for (int i = 1; i <= k; i++) {
                int below = prev;
                int level = i;
                prev = helpers.computeIfAbsent(List.of("opt", x, level), key -> {
                    int r = helper("opt");
                    rules.get(r).add(below < 0 ? new int[] {x} : new int[] {x, below});
                    rules.get(r).add(new int[0]);
                    return r;
                });
            }
            return prev;
        }

        int charClass(Expr.CharClass c) {
            long[] single = new long[4];
            List<int[]> multi = new ArrayList<>();
            int[] r = c.ranges();
            for (int i = 0; i < r.length; i += 2) {
                for (int[] seq : Utf8Sequences.of(r[i], r[i + 1])) {
                    if (seq.length == 2) for (int b = seq[0]; b <= seq[1]; b++) single[b >>> 6] |= 1L << b;
                    else multi.add(seq);
                }
            }
            boolean hasSingle = (single[0] | single[1] | single[2] | single[3]) != 0;
            if (multi.isEmpty()) {
                if (!hasSingle) throw new GrammarException("character class of surrogates only in rule " + current);
                return set(single);
            }
            return helpers.computeIfAbsent(c, k -> {
                int rule = helper("char");
                if (hasSingle) rules.get(rule).add(new int[] {set(single)});
                for (int[] seq : multi) {
                    int[] alt = new int[seq.length / 2];
                    for (int i = 0; i < alt.length; i++) alt[i] = terminal(seq[2 * i], seq[2 * i + 1]);
                    rules.get(rule).add(alt);
                }
                return rule;
            });
        }

        int terminal(int lo, int hi) {
            long[] bits = new long[4];
            for (int b = lo; b <= hi; b++) bits[b >>> 6] |= 1L << b;
            return set(bits);
        }

        int set(long[] bits) {
            List<Long> key = List.of(bits[0], bits[1], bits[2], bits[3]);
            return ~setIndex.computeIfAbsent(key, k -> {
                sets.add(bits.clone());
                return sets.size() - 1;
            });
        }

        /** Removes alternatives that call a rule which can never finish; refuses a root that cannot. */
        void dropUnproductive() {
            boolean[] productive = new boolean[rules.size()];
            for (boolean changed = true; changed; ) {
                changed = false;
                for (int r = 0; r < rules.size(); r++) {
                    if (productive[r]) continue;
                    for (int[] alt : rules.get(r)) {
                        if (allProductive(alt, productive)) { productive[r] = true; changed = true; break; }
                    }
                }
            }
            String root = grammar.root();
            if (!productive[ruleIndex.get(root)]) throw new GrammarException("rule " + root + " can never finish: it matches no finite text");
            for (List<int[]> alts : rules) alts.removeIf(alt -> !allProductive(alt, productive));
        }

        private static boolean allProductive(int[] alt, boolean[] productive) {
            for (int e : alt) if (e >= 0 && !productive[e]) return false;
            return true;
        }

        void refuseLeftRecursion() {
            boolean[] nullable = new boolean[rules.size()];
            for (boolean changed = true; changed; ) {
                changed = false;
                for (int r = 0; r < rules.size(); r++) {
                    if (nullable[r]) continue;
                    for (int[] alt : rules.get(r)) {
                        boolean all = true;
                        for (int e : alt) if (e < 0 || !nullable[e]) { all = false; break; }
                        if (all) { nullable[r] = true; changed = true; break; }
                    }
                }
            }
            int[] mark = new int[rules.size()]; // 0 new, 1 on the path, 2 done
            for (int r = 0; r < rules.size(); r++) leftCalls(r, nullable, mark);
        }

        private void leftCalls(int r, boolean[] nullable, int[] mark) {
            if (mark[r] == 2) return;
            if (mark[r] == 1) throw new GrammarException("rule " + names.get(r) + " is left-recursive");
            mark[r] = 1;
            for (int[] alt : rules.get(r)) {
                for (int e : alt) {
                    if (e < 0) break;
                    leftCalls(e, nullable, mark);
                    if (!nullable[e]) break;
                }
            }
            mark[r] = 2;
        }

        int[] ruleMinBytes() {
            int inf = Integer.MAX_VALUE / 2;
            int[] min = new int[rules.size()];
            Arrays.fill(min, inf);
            for (boolean changed = true; changed; ) {
                changed = false;
                for (int r = 0; r < rules.size(); r++) {
                    for (int[] alt : rules.get(r)) {
                        long sum = 0;
                        for (int e : alt) sum += e >= 0 ? min[e] : 1;
                        if (sum < min[r]) { min[r] = (int) sum; changed = true; }
                    }
                }
            }
            return min;
        }
    }
}
