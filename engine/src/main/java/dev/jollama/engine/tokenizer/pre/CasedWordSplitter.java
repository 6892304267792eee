package dev.jollama.engine.tokenizer.pre;

import dev.jollama.engine.tokenizer.IntList;
import dev.jollama.engine.tokenizer.Unicode;

import static dev.jollama.engine.tokenizer.Unicode.LETTER;
import static dev.jollama.engine.tokenizer.Unicode.MARK;
import static dev.jollama.engine.tokenizer.Unicode.NUMBER;
import static dev.jollama.engine.tokenizer.Unicode.WHITESPACE;

/**
 * The case-aware word pattern of GPT-4o / o200k (gpt-oss, Llama 4, MiniMax) and Mistral's Tekken, hand-written with the
 * meaning llama.cpp's regex engine gives it:
 * {@code P?U*L+C?|P?U+L*C?|\p{N}{1,D}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+}
 * where P is one character that is not a letter, a digit or a newline, U a letter other than a-z, L a letter other
 * than A-Z (llama.cpp cannot see case outside ASCII, so every other letter is both), and C an English contraction
 * (GPT-4o only). Alternatives are tried in order at each position, each with the regex's backtracking.
 */
public final class CasedWordSplitter implements Splitter {
    private final int maxDigits;
    private final boolean contractions;
    private final int letters;

    /** {@code marksAreLetters}: marks count as letters in U and L (Granite's multilingual variant). */
    public CasedWordSplitter(int maxDigits, boolean contractions, boolean marksAreLetters) {
        this.maxDigits = maxDigits;
        this.contractions = contractions;
        this.letters = marksAreLetters ? LETTER | MARK : LETTER;
    }

    @Override
    public void split(int[] cps, int from, int to, IntList ends) {
        int pos = from;
        while (pos < to) {
            int end = word(cps, pos, to);
            if (end > pos) {
                ends.add(pos = end);
            } else if ((Unicode.flags(cps[pos]) & NUMBER) != 0) {
                pos = Runs.digits(cps, pos, from, to, maxDigits, ends);
            } else if ((end = symbols(cps, pos, to)) > pos) {
                ends.add(pos = end);
            } else {
                pos = Runs.whitespace(cps, pos, from, to, true, ends);
            }
        }
    }

    /** {@code P?U*L+C?|P?U+L*C?} at {@code pos}: the end of the match, or {@code pos} when there is none. */
    private int word(int[] cps, int pos, int to) {
        boolean prefix = isPrefix(cps[pos]);
        int end = prefix && pos + 1 < to ? lowerEnding(cps, pos + 1, to) : -1;
        if (end < 0) end = lowerEnding(cps, pos, to);
        if (end < 0 && prefix && pos + 1 < to) end = upperStarting(cps, pos + 1, to);
        if (end < 0) end = upperStarting(cps, pos, to);
        if (end < 0) return pos;
        return contractions && end < to ? end + Splitter.contraction(cps, end, to, true) : end;
    }

    /** {@code U*L+} from {@code q}: U* takes all it can and gives back until L+ can match. */
    private int lowerEnding(int[] cps, int q, int to) {
        int upperEnd = q;
        while (upperEnd < to && isUpper(cps[upperEnd])) upperEnd++;
        for (int r = upperEnd; r >= q; r--) {
            if (r < to && isLower(cps[r])) {
                int s = r;
                while (s < to && isLower(cps[s])) s++;
                return s;
            }
        }
        return -1;
    }

    /** {@code U+L*} from {@code q}. */
    private int upperStarting(int[] cps, int q, int to) {
        int r = q;
        while (r < to && isUpper(cps[r])) r++;
        if (r == q) return -1;
        while (r < to && isLower(cps[r])) r++;
        return r;
    }

    /** {@code ?[^\s\p{L}\p{N}]+[\r\n/]*} at {@code pos}: the end, or {@code pos} when it does not match. */
    private static int symbols(int[] cps, int pos, int to) {
        int s = cps[pos] == ' ' && pos + 1 < to && isSymbol(cps[pos + 1]) ? pos + 1 : pos;
        if (!isSymbol(cps[s])) return pos;
        while (s < to && isSymbol(cps[s])) s++;
        while (s < to && (cps[s] == '\r' || cps[s] == '\n' || cps[s] == '/')) s++;
        return s;
    }

    private boolean isUpper(int cp) {
        return (Unicode.flags(cp) & letters) != 0 && !Unicode.isWhitespace(cp) && !(cp >= 'a' && cp <= 'z');
    }

    private boolean isLower(int cp) {
        return (Unicode.flags(cp) & letters) != 0 && !Unicode.isWhitespace(cp) && !(cp >= 'A' && cp <= 'Z');
    }

    /** {@code [^\r\n\p{L}\p{N}]} */
    private static boolean isPrefix(int cp) {
        return cp != '\r' && cp != '\n' && ((Unicode.flags(cp) & (LETTER | NUMBER)) == 0 || Unicode.isWhitespace(cp));
    }

    /** {@code [^\s\p{L}\p{N}]} */
    private static boolean isSymbol(int cp) {
        return (Unicode.flags(cp) & (WHITESPACE | LETTER | NUMBER)) == 0;
    }
}
