package dev.jollama.engine.tokenizer.pre;

import dev.jollama.engine.tokenizer.IntList;

/**
 * {@code (?=(\d{3})+(?!\d))}, SuperBPE's empty-match pattern, without the regex's quadratic scan: a piece is cut
 * before every ASCII digit from which the rest of its digit run is a multiple of three long ("1234567" gives "1",
 * "234", "567").
 */
public final class DigitTripletSplitter implements Splitter {
    @Override
    public void split(int[] cps, int from, int to, IntList ends) {
        int last = from;
        for (int runStart = from; runStart < to; ) {
            if (!isDigit(cps[runStart])) {
                runStart++;
                continue;
            }
            int runEnd = runStart;
            while (runEnd < to && isDigit(cps[runEnd])) runEnd++;
            for (int cut = runStart + (runEnd - runStart) % 3; cut <= runEnd - 3; cut += 3) {
                if (cut > last) ends.add(last = cut);
            }
            runStart = runEnd;
        }
        if (last < to) ends.add(to);
    }

    private static boolean isDigit(int cp) {
        return cp >= '0' && cp <= '9';
    }
}
