package dev.jollama.engine.tokenizer.pre;

import dev.jollama.engine.tokenizer.IntList;

import static dev.jollama.engine.tokenizer.Unicode.LETTER;
import static dev.jollama.engine.tokenizer.Unicode.NUMBER;
import static dev.jollama.engine.tokenizer.Unicode.WHITESPACE;

/**
 * GPT-2's pattern {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}, hand-written.
 */
public final class Gpt2Splitter implements Splitter {
    @Override
    public void split(int[] cps, int from, int to, IntList ends) {
        int pos = from;
        while (pos < to) {
            int cp = cps[pos];
            int contraction = Splitter.contraction(cps, pos, to, false);
            if (contraction > 0) {
                pos += contraction;
                ends.add(pos);
                continue;
            }
            int f2 = Splitter.flagsAt(cps, cp == ' ' ? pos + 1 : pos, from, to);
            int run = (f2 & LETTER) != 0 ? LETTER : (f2 & NUMBER) != 0 ? NUMBER : 0;
            if (run != 0) { // ' ?\p{L}+' or ' ?\p{N}+'
                if (cp == ' ') pos++;
                while ((Splitter.flagsAt(cps, pos, from, to) & run) != 0) pos++;
                ends.add(pos);
            } else if (f2 != 0 && (f2 & WHITESPACE) == 0) {
                pos = Runs.symbols(cps, pos, from, to, WHITESPACE | LETTER | NUMBER, false, ends);
            } else {
                pos = Runs.whitespace(cps, pos, from, to, false, ends);
            }
        }
    }
}
