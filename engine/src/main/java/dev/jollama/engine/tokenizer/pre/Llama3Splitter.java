package dev.jollama.engine.tokenizer.pre;

import dev.jollama.engine.tokenizer.IntList;

import static dev.jollama.engine.tokenizer.Unicode.LETTER;
import static dev.jollama.engine.tokenizer.Unicode.MARK;
import static dev.jollama.engine.tokenizer.Unicode.NUMBER;
import static dev.jollama.engine.tokenizer.Unicode.WHITESPACE;

/**
 * The Llama 3 / Qwen 2 family of patterns, hand-written:
 * {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,D}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+}
 * with D = 3 (Llama 3) or 1 (Qwen 2); Qwen 3.5 also counts marks (\p{M}) as letters.
 */
public final class Llama3Splitter implements Splitter {
    private final int maxDigits;
    private final int letters;

    public Llama3Splitter(int maxDigits, boolean marksAreLetters) {
        this.maxDigits = maxDigits;
        this.letters = marksAreLetters ? LETTER | MARK : LETTER;
    }

    @Override
    public void split(int[] cps, int from, int to, IntList ends) {
        int pos = from;
        while (pos < to) {
            int cp = cps[pos];
            int flags = Splitter.flagsAt(cps, pos, from, to);
            int contraction = Splitter.contraction(cps, pos, to, true);
            if (contraction > 0) {
                pos += contraction;
                ends.add(pos);
                continue;
            }
            if (cp != '\r' && cp != '\n' && (flags & NUMBER) == 0
                    && ((flags & letters) != 0 || (Splitter.flagsAt(cps, pos + 1, from, to) & letters) != 0)) {
                pos++; // a letter, or one leading non-letter before letters
                while ((Splitter.flagsAt(cps, pos, from, to) & letters) != 0) pos++;
                ends.add(pos);
                continue;
            }
            if ((flags & NUMBER) != 0) {
                pos = Runs.digits(cps, pos, from, to, maxDigits, ends);
                continue;
            }
            int f2 = cp == ' ' ? Splitter.flagsAt(cps, pos + 1, from, to) : flags;
            if ((f2 & (WHITESPACE | letters | NUMBER)) == 0 && flags != 0) {
                pos = Runs.symbols(cps, pos, from, to, WHITESPACE | letters | NUMBER, true, ends);
            } else {
                pos = Runs.whitespace(cps, pos, from, to, true, ends);
            }
        }
    }
}
