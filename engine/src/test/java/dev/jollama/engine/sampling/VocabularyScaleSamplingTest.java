package dev.jollama.engine.sampling;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sampler's shortcuts over a large vocabulary give exactly what the plain chain gives: top-k by a bounded heap
 * equals a full sort cut at k, penalties applied to the window's tokens equal the loop over every candidate, and
 * greedy sampling is the argmax of the penalized logits with the chain's tie-break (lowest id). Logits come in coarse
 * steps so that ties, -0/+0 and -infinity are common.
 */
class VocabularyScaleSamplingTest {
    static final int VOCAB = 50_000;

    static float[] logits(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] l = new float[VOCAB];
        for (int i = 0; i < VOCAB; i++) {
            int kind = r.nextInt(100);
            l[i] = kind == 0 ? Float.NEGATIVE_INFINITY : kind == 1 ? -0f : Math.round(r.nextGaussian() * 12) / 4f;
        }
        return l;
    }

    /** Token ids by logit descending (-0 equal to +0), then id ascending: the order llama.cpp's sort gives. */
    static int[] reference(float[] l) {
        return IntStream.range(0, l.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> l[i] == 0f ? 0f : l[i]).reversed().thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    /** The first most likely token in id order. */
    static int argmax(float[] l) {
        int best = 0;
        for (int i = 1; i < l.length; i++) if (l[i] > l[best]) best = i;
        return best;
    }

    @Test
    void topKEqualsAFullSortCutAtK() {
        for (long seed = 1; seed <= 3; seed++) {
            float[] l = logits(seed);
            int[] order = reference(l);
            for (int k : new int[] {1, 2, 40, 41, 1000, VOCAB - 1, VOCAB, VOCAB + 5}) {
                Candidates c = new Candidates(VOCAB);
                c.reset(l, 0);
                new TopK(k).apply(c);
                int[] expected = Arrays.copyOf(order, Math.min(k, VOCAB));
                assertThat(c.size()).isEqualTo(expected.length);
                int[] ids = new int[c.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = c.id(i);
                    assertThat(c.logit(i)).isEqualTo(l[ids[i]]);
                }
                assertThat(ids).as("seed %d, k %d", seed, k).isEqualTo(expected);
            }
        }
    }

    @Test
    void topKAfterAnotherOrderKeepsPositionTieBreak() {
        // candidates no longer in id order (a top-k of 1000 first): ties go to the earlier position, as in a full sort
        float[] l = logits(7);
        Candidates c = new Candidates(VOCAB);
        c.reset(l, 0);
        new TopK(1000).apply(c);
        int[] first = new int[1000];
        for (int i = 0; i < 1000; i++) first[i] = c.id(i);
        new MinP(0.01f).apply(c); // compacts, keeps order
        int kept = c.size();
        new TopK(40).apply(c);
        assertThat(c.size()).isEqualTo(Math.min(40, kept));
        for (int i = 0; i < c.size(); i++) assertThat(c.id(i)).isEqualTo(first[i]);
    }

    @Test
    void penaltiesOnTheWindowEqualTheLoopOverEveryCandidate() {
        float[] l = logits(11);
        SplittableRandom r = new SplittableRandom(5);
        Penalties p = new Penalties(VOCAB, 64, 1.1f, 0.3f, 0.2f);
        for (int i = 0; i < 200; i++) p.accept(r.nextInt(10) == 0 ? 17 : r.nextInt(VOCAB)); // 17 repeats in the window
        Candidates byId = new Candidates(VOCAB);
        byId.reset(l, 0);
        p.apply(byId);
        Candidates shuffled = new Candidates(VOCAB);
        shuffled.reset(l, 0);
        shuffled.sortAll(); // every token, at another position: the loop over candidates
        p.apply(shuffled);
        float[] viaLoop = new float[VOCAB];
        for (int i = 0; i < VOCAB; i++) viaLoop[shuffled.id(i)] = shuffled.logit(i);
        float[] viaWindow = Arrays.copyOf(byId.logits, VOCAB);
        assertThat(viaWindow).isEqualTo(viaLoop);
        assertThat(viaWindow).isNotEqualTo(l);
        // the window's counts survive: applying again to fresh logits gives the same
        Candidates again = new Candidates(VOCAB);
        again.reset(l, 0);
        p.apply(again);
        assertThat(Arrays.copyOf(again.logits, VOCAB)).isEqualTo(viaWindow);
    }

    @Test
    void greedyIsThePenalizedArgmaxWithTheLowestIdOnTies() {
        for (long seed = 1; seed <= 20; seed++) {
            float[] l = logits(seed);
            SplittableRandom r = new SplittableRandom(seed);
            int[] recent = r.ints(30, 0, VOCAB).toArray();
            // make the top tokens recent now and then, so the penalty decides
            if (seed % 2 == 0) recent[0] = argmax(l);
            float repeat = seed % 3 == 0 ? 1f : 1.1f + seed / 10f;
            int topK = (int) (seed % 4) * 20; // 0 (off), 20, 40, 60
            float topP = seed % 5 == 0 ? 1f : 0.9f;
            Sampler greedy = new Sampler(new SamplingOptions(0f, topK, topP, 0.05f, 1f, 64, repeat, 0f, 0f, seed), VOCAB, 512, null);
            greedy.acceptPrompt(recent);
            float[] penalized = l.clone();
            Penalties p = new Penalties(VOCAB, 64, repeat, 0f, 0f);
            for (int t : recent) p.accept(t);
            Candidates c = new Candidates(VOCAB);
            c.reset(penalized, 0);
            p.apply(c);
            int expected = reference(Arrays.copyOf(c.logits, VOCAB))[0]; // the first of the sorted chain
            assertThat(greedy.sample(l, 0)).as("seed %d", seed).isEqualTo(expected);
        }
    }
}
