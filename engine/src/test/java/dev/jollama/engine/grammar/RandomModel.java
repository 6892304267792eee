package dev.jollama.engine.grammar;

import dev.jollama.engine.tokenizer.Vocabulary;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A stand-in for a model with random weights: at every step it samples uniformly among the tokens the grammar
 * allows; past a budget it takes the allowed token that brings the output closest to completion (ties at random), so
 * every run ends. The output is the concatenated token bytes.
 */
final class RandomModel {
    private RandomModel() {}

    static String generate(TokenGrammar grammar, Vocabulary vocabulary, long seed, int budget) {
        Random random = new Random(seed);
        GrammarMatcher m = grammar.newMatcher();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int step = 0; step < budget + 4000 && !m.isComplete(); step++) {
            int[] allowed = ids(m.allowedTokens());
            if (allowed.length == 0) throw new AssertionError("no token allowed after " + out.toString(StandardCharsets.UTF_8));
            int pick = step < budget ? allowed[random.nextInt(allowed.length)] : closest(m, allowed, random);
            m.accept(pick);
            if (vocabulary.isEndOfGeneration(pick)) break;
            out.writeBytes(vocabulary.bytes(pick));
        }
        if (!m.isComplete()) throw new AssertionError("did not complete: " + out.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int closest(GrammarMatcher m, int[] allowed, Random random) {
        int best = -1, bestDistance = Integer.MAX_VALUE, ties = 0;
        for (int id : allowed) {
            GrammarMatcher next = m.copy();
            next.accept(id);
            int d = next.minBytesToComplete();
            if (d < bestDistance) { best = id; bestDistance = d; ties = 1; }
            else if (d == bestDistance && random.nextInt(++ties) == 0) best = id;
        }
        return best;
    }

    static int[] ids(long[] bits) {
        int n = 0;
        for (long b : bits) n += Long.bitCount(b);
        int[] ids = new int[n];
        int k = 0;
        for (int w = 0; w < bits.length; w++) {
            for (long b = bits[w]; b != 0; b &= b - 1) ids[k++] = (w << 6) + Long.numberOfTrailingZeros(b);
        }
        return ids;
    }
}
