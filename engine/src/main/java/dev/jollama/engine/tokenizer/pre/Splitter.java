package dev.jollama.engine.tokenizer.pre;

import dev.jollama.engine.tokenizer.IntList;
import dev.jollama.engine.tokenizer.Unicode;

/**
 * One step of pre-tokenization: cuts a run of code points into pieces, as one of llama.cpp's pre-tokenizer regexes
 * does (matches and the text between them both become pieces).
 */
public interface Splitter {
    /** Cuts {@code cps[from, to)} into consecutive non-empty pieces, appending the end offset of each to {@code ends}. */
    void split(int[] cps, int from, int to, IntList ends);

    /** Flags of the code point at {@code pos}, or 0 outside {@code [from, to)} (llama.cpp's out-of-range flags). */
    static int flagsAt(int[] cps, int pos, int from, int to) {
        return pos >= from && pos < to ? Unicode.flags(cps[pos]) : 0;
    }

    /** The code point at {@code pos}, or -1 outside {@code [from, to)}. */
    static int at(int[] cps, int pos, int from, int to) {
        return pos >= from && pos < to ? cps[pos] : -1;
    }

    /** The length of an English contraction ('s 't 're 've 'm 'll 'd) at {@code pos}, or 0. */
    static int contraction(int[] cps, int pos, int to, boolean ignoreCase) {
        if (cps[pos] != '\'' || pos + 1 >= to) return 0;
        int a = ignoreCase ? Unicode.toLower(cps[pos + 1]) : cps[pos + 1];
        if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
        if (pos + 2 >= to) return 0;
        int b = ignoreCase ? Unicode.toLower(cps[pos + 2]) : cps[pos + 2];
        return (a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l') ? 3 : 0;
    }
}
