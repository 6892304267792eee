package dev.jollama.engine.tokenizer.pre;

import dev.jollama.engine.tokenizer.IntList;
import dev.jollama.engine.tokenizer.Unicode;

/** {@code \s+$}: white space at the very end of a piece becomes a piece of its own. */
public final class TrailingWhitespaceSplitter implements Splitter {
    @Override
    public void split(int[] cps, int from, int to, IntList ends) {
        if (from == to) return;
        int start = to;
        while (start > from && Unicode.isWhitespace(cps[start - 1])) start--;
        if (start > from) ends.add(start);
        if (to > start || start == from) ends.add(to);
    }
}
