package dev.jollama.engine.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A grammar expression over Unicode code points: the body of a {@link Grammar} rule. */
public sealed interface Expr {

    /** Exactly this text. The empty literal matches the empty string. */
    record Literal(String text) implements Expr {}

    /** Any one code point in the ranges: sorted, disjoint, non-adjacent inclusive pairs [lo0, hi0, lo1, hi1, ...]. */
    record CharClass(int[] ranges) implements Expr {
        public CharClass {
            ranges = normalize(ranges);
            if (ranges.length == 0) throw new GrammarException("empty character class");
        }

        /** Every Unicode scalar value. */
        public static final CharClass ANY = new CharClass(new int[] {0, 0xD7FF, 0xE000, Character.MAX_CODE_POINT});

        public static CharClass of(int lo, int hi) {
            return new CharClass(new int[] {lo, hi});
        }

        /** The code points of {@code chars}. */
        public static CharClass chars(String chars) {
            return new CharClass(chars.codePoints().flatMap(c -> java.util.stream.IntStream.of(c, c)).toArray());
        }

        public boolean contains(int cp) {
            for (int i = 0; i < ranges.length; i += 2) if (cp >= ranges[i] && cp <= ranges[i + 1]) return true;
            return false;
        }

        public CharClass union(CharClass other) {
            int[] both = Arrays.copyOf(ranges, ranges.length + other.ranges.length);
            System.arraycopy(other.ranges, 0, both, ranges.length, other.ranges.length);
            return new CharClass(both);
        }

        /** Every code point not in this class (surrogates excluded: they are not characters). */
        public CharClass negate() {
            List<Integer> out = new ArrayList<>();
            int next = 0;
            for (int i = 0; i < ranges.length; i += 2) {
                if (ranges[i] > next) { out.add(next); out.add(ranges[i] - 1); }
                next = ranges[i + 1] + 1;
            }
            if (next <= Character.MAX_CODE_POINT) { out.add(next); out.add(Character.MAX_CODE_POINT); }
            return new CharClass(out.stream().mapToInt(Integer::intValue).toArray()).minus(of(0xD800, 0xDFFF));
        }

        /** This class without the code points of {@code other}, or null when nothing is left. */
        public CharClass minus(CharClass other) {
            return other.negateRaw(this);
        }

        private CharClass negateRaw(CharClass from) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < from.ranges.length; i += 2) {
                int lo = from.ranges[i], hi = from.ranges[i + 1];
                for (int j = 0; j < ranges.length && lo <= hi; j += 2) {
                    if (ranges[j + 1] < lo || ranges[j] > hi) continue;
                    if (ranges[j] > lo) { out.add(lo); out.add(ranges[j] - 1); }
                    lo = ranges[j + 1] + 1;
                }
                if (lo <= hi) { out.add(lo); out.add(hi); }
            }
            int[] r = out.stream().mapToInt(Integer::intValue).toArray();
            return r.length == 0 ? null : new CharClass(r);
        }

        private static int[] normalize(int[] raw) {
            if (raw.length % 2 != 0) throw new GrammarException("character class ranges must come in pairs");
            int n = raw.length / 2;
            int[][] pairs = new int[n][];
            for (int i = 0; i < n; i++) {
                int lo = raw[2 * i], hi = raw[2 * i + 1];
                if (lo < 0 || hi > Character.MAX_CODE_POINT || lo > hi)
                    throw new GrammarException("bad character range " + Integer.toHexString(lo) + "-" + Integer.toHexString(hi));
                pairs[i] = new int[] {lo, hi};
            }
            Arrays.sort(pairs, (a, b) -> Integer.compare(a[0], b[0]));
            List<Integer> out = new ArrayList<>();
            for (int[] p : pairs) {
                int last = out.size() - 1;
                if (last > 0 && p[0] <= out.get(last) + 1) out.set(last, Math.max(out.get(last), p[1]));
                else { out.add(p[0]); out.add(p[1]); }
            }
            return out.stream().mapToInt(Integer::intValue).toArray();
        }

        @Override public boolean equals(Object o) {
            return o instanceof CharClass c && Arrays.equals(ranges, c.ranges);
        }

        @Override public int hashCode() {
            return Arrays.hashCode(ranges);
        }

        @Override public String toString() {
            return "CharClass" + Arrays.toString(ranges);
        }
    }

    /** The rule of that name. */
    record Ref(String rule) implements Expr {}

    /** Each item in turn; the empty sequence matches the empty string. */
    record Seq(List<Expr> items) implements Expr {
        public Seq { items = List.copyOf(items); }
    }

    /** Any one of the options. */
    record Alt(List<Expr> options) implements Expr {
        public Alt {
            options = List.copyOf(options);
            if (options.isEmpty()) throw new GrammarException("empty alternation");
        }
    }

    /** {@code item} between {@code min} and {@code max} times; {@code max} is {@link #UNBOUNDED} for no upper limit. */
    record Repeat(Expr item, int min, int max) implements Expr {
        public static final int UNBOUNDED = -1;

        public Repeat {
            if (min < 0 || (max != UNBOUNDED && max < min)) throw new GrammarException("bad repetition {" + min + "," + max + "}");
        }
    }

    static Expr lit(String text) {
        return new Literal(text);
    }

    static Expr ref(String rule) {
        return new Ref(rule);
    }

    /** A sequence, flattened: one item stands for itself. */
    static Expr seq(Expr... items) {
        return seq(List.of(items));
    }

    static Expr seq(List<Expr> items) {
        List<Expr> flat = new ArrayList<>();
        for (Expr e : items) {
            if (e instanceof Seq s) flat.addAll(s.items());
            else if (!(e instanceof Literal l && l.text().isEmpty())) flat.add(e);
        }
        return flat.size() == 1 ? flat.getFirst() : new Seq(flat);
    }

    /** An alternation, flattened and without duplicates: one option stands for itself. */
    static Expr alt(Expr... options) {
        return alt(List.of(options));
    }

    static Expr alt(List<Expr> options) {
        List<Expr> flat = new ArrayList<>();
        for (Expr e : options) {
            for (Expr o : e instanceof Alt a ? a.options() : List.of(e)) if (!flat.contains(o)) flat.add(o);
        }
        return flat.size() == 1 ? flat.getFirst() : new Alt(flat);
    }

    static Expr opt(Expr e) {
        return new Repeat(e, 0, 1);
    }

    static Expr star(Expr e) {
        return new Repeat(e, 0, Repeat.UNBOUNDED);
    }

    static Expr plus(Expr e) {
        return new Repeat(e, 1, Repeat.UNBOUNDED);
    }

    static Expr repeat(Expr e, int min, int max) {
        if (min == 1 && max == 1) return e;
        if (max == 0) return EMPTY;
        return new Repeat(e, min, max);
    }

    /** Matches the empty string only. */
    Expr EMPTY = new Seq(List.of());
}
