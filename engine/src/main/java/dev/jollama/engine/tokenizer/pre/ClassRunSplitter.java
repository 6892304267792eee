package dev.jollama.engine.tokenizer.pre;

import dev.jollama.engine.tokenizer.IntList;

/**
 * Patterns of the form {@code P?C{min,max}}: an optional single character of class P, then a greedy run of class C
 * (for example {@code \p{N}+}, {@code \s?\p{L}+}, {@code [0-9][0-9][0-9]}, {@code [\r\n]}). Matches are found leftmost
 * first, as a regex search does; the text between matches is kept as pieces.
 */
public final class ClassRunSplitter implements Splitter {
    private final CharClass prefix;
    private final CharClass body;
    private final int min;
    private final int max;

    public ClassRunSplitter(CharClass prefix, CharClass body, int min, int max) {
        if (min < 1 || max < min) throw new IllegalArgumentException("bad repetition {" + min + "," + max + "}");
        this.prefix = prefix;
        this.body = body;
        this.min = min;
        this.max = max;
    }

    /** {@code C+} */
    public static ClassRunSplitter runs(CharClass body) {
        return new ClassRunSplitter(null, body, 1, Integer.MAX_VALUE);
    }

    /** {@code C} repeated exactly n times. */
    public static ClassRunSplitter exactly(CharClass body, int n) {
        return new ClassRunSplitter(null, body, n, n);
    }

    @Override
    public void split(int[] cps, int from, int to, IntList ends) {
        int last = from;
        for (int pos = from; pos < to; ) {
            int end = matchAt(cps, pos, to);
            if (end < 0) {
                pos++;
                continue;
            }
            if (pos > last) ends.add(pos);
            ends.add(end);
            last = pos = end;
        }
        if (last < to) ends.add(to);
    }

    private int matchAt(int[] cps, int pos, int to) {
        if (prefix != null && prefix.contains(cps[pos])) {
            int end = run(cps, pos + 1, to);
            if (end - (pos + 1) >= min) return end;
        }
        int end = run(cps, pos, to);
        return end - pos >= min ? end : -1;
    }

    private int run(int[] cps, int pos, int to) {
        int end = pos;
        while (end < to && end - pos < max && body.contains(cps[end])) end++;
        return end;
    }
}
