package dev.jollama.engine.tokenizer.pre;

import dev.jollama.engine.tokenizer.IntList;
import dev.jollama.engine.tokenizer.Unicode;

/**
 * Digit runs cut into groups of three counted from the right ("1234567" gives "1", "234", "567"), as llama.cpp's custom
 * AFMoE / Tiny Aya splitter does; like it, the text before a digit run stays attached to the run's first group.
 */
public final class DigitGroupSplitter implements Splitter {
    @Override
    public void split(int[] cps, int from, int to, IntList ends) {
        int last = from;
        int pos = from;
        while (pos < to) {
            if (!Unicode.isNumber(cps[pos])) {
                pos++;
                continue;
            }
            int start = pos;
            while (pos < to && Unicode.isNumber(cps[pos])) pos++;
            int cut = start + (pos - start) % 3;
            if (cut > start) ends.add(last = cut);
            for (; cut < pos; cut += 3) ends.add(last = cut + 3);
        }
        if (last < to) ends.add(to);
    }
}
