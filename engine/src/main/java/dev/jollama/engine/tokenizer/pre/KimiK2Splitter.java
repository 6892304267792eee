package dev.jollama.engine.tokenizer.pre;

import dev.jollama.engine.tokenizer.IntList;

import static dev.jollama.engine.tokenizer.Unicode.LETTER;
import static dev.jollama.engine.tokenizer.Unicode.NUMBER;
import static dev.jollama.engine.tokenizer.Unicode.WHITESPACE;

/**
 * Kimi K2's pattern, hand-written as llama.cpp's custom splitter runs it: Han runs; words of non-Han letters with one
 * optional leading non-letter and an optional English contraction; digits in groups of up to three; punctuation runs
 * with trailing newlines; white space as in Llama 3.
 */
public final class KimiK2Splitter implements Splitter {
    @Override
    public void split(int[] cps, int from, int to, IntList ends) {
        int pos = from;
        while (pos < to) {
            int cp = cps[pos];
            int flags = Splitter.flagsAt(cps, pos, from, to);
            if (isHan(cp)) {
                while (pos < to && isHan(cps[pos])) pos++;
                ends.add(pos);
                continue;
            }
            boolean leading = !(cp == '\r' || cp == '\n' || (flags & (LETTER | NUMBER)) != 0);
            if (((flags & LETTER) != 0) || (leading && nonHanLetter(cps, pos + 1, from, to))) {
                if (leading) pos++;
                while (nonHanLetter(cps, pos, from, to)) pos++;
                if (pos < to && cps[pos] == '\'') pos += Splitter.contraction(cps, pos, to, true);
                ends.add(pos);
                continue;
            }
            if ((flags & NUMBER) != 0) {
                pos = Runs.digits(cps, pos, from, to, 3, ends);
                continue;
            }
            int f2 = cp == ' ' ? Splitter.flagsAt(cps, pos + 1, from, to) : flags;
            if (f2 != 0 && (f2 & (WHITESPACE | LETTER | NUMBER)) == 0) {
                pos = Runs.symbols(cps, pos, from, to, WHITESPACE | LETTER | NUMBER, true, ends);
            } else {
                pos = Runs.whitespace(cps, pos, from, to, true, ends);
            }
        }
    }

    private static boolean nonHanLetter(int[] cps, int pos, int from, int to) {
        return (Splitter.flagsAt(cps, pos, from, to) & LETTER) != 0 && !isHan(cps[pos]);
    }

    /** Han ideographs as llama.cpp counts them (the CJK unified and compatibility blocks). */
    static boolean isHan(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0x2CEB0 && cp <= 0x2EBEF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
