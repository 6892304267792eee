package dev.jollama.engine.tokenizer.pre;

import dev.jollama.engine.tokenizer.IntList;

import static dev.jollama.engine.tokenizer.Unicode.NUMBER;
import static dev.jollama.engine.tokenizer.Unicode.WHITESPACE;

/** The alternatives the GPT-2, Llama 3 and Kimi K2 patterns share; each cuts one piece at {@code pos}, returns its end. */
final class Runs {
    private Runs() {}

    /** {@code \p{N}{1,max}} repeated: a digit run cut into pieces of at most {@code max}. */
    static int digits(int[] cps, int pos, int from, int to, int max, IntList ends) {
        int start = pos;
        while ((Splitter.flagsAt(cps, pos, from, to) & NUMBER) != 0) {
            if (++pos - start >= max) {
                ends.add(pos);
                start = pos;
            }
        }
        if (pos > start) ends.add(pos);
        return pos;
    }

    /** {@code ?[^\s...]+[\r\n]*}: an optional space, characters outside {@code excluded}, then newlines if asked. */
    static int symbols(int[] cps, int pos, int from, int to, int excluded, boolean newlines, IntList ends) {
        if (cps[pos] == ' ') pos++;
        int f;
        while ((f = Splitter.flagsAt(cps, pos, from, to)) != 0 && (f & excluded) == 0) pos++;
        while (newlines && pos < to && (cps[pos] == '\r' || cps[pos] == '\n')) pos++;
        ends.add(pos);
        return pos;
    }

    /**
     * White space: with {@code newlines}, {@code \s*[\r\n]+} first (up to the last newline of the run); then
     * {@code \s+(?!\S)} (all but the last space when something follows) and {@code \s+}; a lone non-space is a piece.
     */
    static int whitespace(int[] cps, int pos, int from, int to, boolean newlines, IntList ends) {
        int spaces = 0, afterNewline = -1;
        while ((Splitter.flagsAt(cps, pos + spaces, from, to) & WHITESPACE) != 0) {
            int c = cps[pos + spaces];
            if (newlines && (c == '\r' || c == '\n')) afterNewline = pos + spaces + 1;
            spaces++;
        }
        if (afterNewline >= 0) pos = afterNewline;
        else if (spaces > 1 && pos + spaces < to) pos += spaces - 1;
        else pos += Math.max(spaces, 1);
        ends.add(pos);
        return pos;
    }
}
