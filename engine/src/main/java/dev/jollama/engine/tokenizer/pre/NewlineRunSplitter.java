package dev.jollama.engine.tokenizer.pre;

import dev.jollama.engine.tokenizer.IntList;

/** {@code [^\n]+|[\n]+}: alternating runs of newlines and of everything else (Gemma 4's pre-split). */
public final class NewlineRunSplitter implements Splitter {
    @Override
    public void split(int[] cps, int from, int to, IntList ends) {
        int pos = from;
        while (pos < to) {
            boolean newline = cps[pos] == '\n';
            while (pos < to && (cps[pos] == '\n') == newline) pos++;
            ends.add(pos);
        }
    }
}
