package dev.jollama.engine.sampling;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SamplerTest {
    static final int VOCAB = 8;

    /** Logits 0..7 with distinct values; token 3 is the most likely. */
    static float[] logits() {
        return new float[]{1.0f, 2.0f, 0.5f, 4.0f, 3.5f, -1.0f, 3.0f, 0.0f};
    }

    static SamplingOptions options(float temp, int topK, float topP, float minP, float typical, long seed) {
        return new SamplingOptions(temp, topK, topP, minP, typical, 64, 1f, 0f, 0f, seed);
    }

    @Test
    void mersenneTwisterIsStdMt19937() {
        Mt19937 mt = new Mt19937(5489);
        assertThat(Integer.toUnsignedLong(mt.next())).isEqualTo(3499211612L);
        for (int i = 2; i < 10000; i++) mt.next();
        assertThat(Integer.toUnsignedLong(mt.next())).isEqualTo(4123659995L); // the C++ standard's check value
    }

    @Test
    void temperatureZeroIsArgmaxWhateverTheSeedAndTruncation() {
        for (long seed = 0; seed < 20; seed++) {
            Sampler s = new Sampler(options(0f, (int) seed % 5, 0.1f + seed * 0.04f, 0.5f, 1f, seed), VOCAB, 100, null);
            assertThat(s.sample(logits(), 0)).isEqualTo(3);
        }
        // as in llama.cpp, typical-p runs before temperature and may drop the most likely token
        Sampler typical = new Sampler(options(0f, 0, 1f, 0f, 0.3f, 1), VOCAB, 100, null);
        assertThat(typical.sample(logits(), 0)).isEqualTo(4);
    }

    @Test
    void topKOfOneIsArgmaxAtAnyTemperature() {
        Sampler s = new Sampler(options(5f, 1, 1f, 0f, 1f, 9), VOCAB, 100, null);
        for (int i = 0; i < 50; i++) assertThat(s.sample(logits(), 0)).isEqualTo(3);
    }

    @Test
    void sameSeedSameTokensDifferentSeedDifferentTokens() {
        int[] a = draw(options(1.5f, 0, 1f, 0f, 1f, 1234), 200);
        int[] b = draw(options(1.5f, 0, 1f, 0f, 1f, 1234), 200);
        int[] c = draw(options(1.5f, 0, 1f, 0f, 1f, 4321), 200);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void drawsFollowTheDistribution() {
        int n = 20000;
        int[] counts = new int[VOCAB];
        for (int t : draw(options(1f, 0, 1f, 0f, 1f, 99), n)) counts[t]++;
        double[] p = softmax(logits());
        for (int i = 0; i < VOCAB; i++) assertThat(counts[i] / (double) n).as("token %d", i).isCloseTo(p[i], within(0.01));
    }

    @Test
    void topKTopPMinPAndTypicalKeepTheExpectedTokens() {
        assertThat(support(options(1f, 3, 1f, 0f, 1f, 1))).containsExactlyInAnyOrder(3, 4, 6);
        // probabilities sorted: 3: .47, 4: .28, 6: .17, 1: .06 ... top-p 0.7 needs 3 and 4 (0.75)
        assertThat(support(options(1f, 0, 0.7f, 0f, 1f, 1))).containsExactlyInAnyOrder(3, 4);
        // min-p 0.3 keeps tokens with p >= 0.3 * p(3): logits >= 4 + ln 0.3 = 2.80
        assertThat(support(options(1f, 0, 1f, 0.3f, 1f, 1))).containsExactlyInAnyOrder(3, 4, 6);
        // typical-p keeps the tokens whose surprise is closest to the entropy first
        assertThat(support(options(1f, 0, 1f, 0f, 0.2f, 1))).hasSize(1);
    }

    @Test
    void repeatPenaltyDividesPositiveAndMultipliesNegativeLogits() {
        Penalties p = new Penalties(VOCAB, 64, 2f, 0f, 0f);
        p.accept(3);
        p.accept(5);
        Candidates c = candidates();
        p.apply(c);
        assertThat(c.logit(3)).isEqualTo(2f);
        assertThat(c.logit(5)).isEqualTo(-2f);
        assertThat(c.logit(4)).isEqualTo(3.5f);
    }

    @Test
    void frequencyAndPresencePenaltiesCountOccurrencesInTheWindow() {
        Penalties p = new Penalties(VOCAB, 3, 1f, 0.5f, 0.25f);
        for (int t : new int[]{4, 4, 4, 1, 1}) p.accept(t); // window of 3 keeps 4, 1, 1
        Candidates c = candidates();
        p.apply(c);
        assertThat(c.logit(4)).isEqualTo(3.5f - 0.5f - 0.25f);
        assertThat(c.logit(1)).isEqualTo(2f - 2 * 0.5f - 0.25f);
        assertThat(c.logit(3)).isEqualTo(4f);
    }

    @Test
    void repeatPenaltyTurnsGreedyAway() {
        SamplingOptions o = new SamplingOptions(0f, 40, 1f, 0f, 1f, 64, 1.5f, 0f, 0f, 1);
        Sampler s = new Sampler(o, VOCAB, 100, null);
        s.acceptPrompt(new int[]{3});
        assertThat(s.sample(logits(), 0)).isEqualTo(4); // 4 / 1.5 < 3.5
        Sampler off = new Sampler(new SamplingOptions(0f, 40, 1f, 0f, 1f, 0, 1.5f, 0f, 0f, 1), VOCAB, 100, null);
        off.acceptPrompt(new int[]{3});
        assertThat(off.sample(logits(), 0)).as("repeat_last_n 0 turns penalties off").isEqualTo(3);
    }

    @Test
    void constraintMasksBeforeTheChainAndEndsGeneration() {
        TokenConstraint onlyEven = new TokenConstraint() {
            int accepted;

            public void mask(float[] l) {
                for (int i = 1; i < l.length; i += 2) l[i] = Float.NEGATIVE_INFINITY;
            }

            public void accept(int token) {
                accepted++;
            }

            public boolean isComplete() {
                return accepted >= 2;
            }
        };
        Sampler s = new Sampler(options(0f, 40, 1f, 0f, 1f, 1), VOCAB, 100, onlyEven);
        int t = s.sample(logits(), 0);
        assertThat(t).isEqualTo(4);
        s.accept(t);
        assertThat(s.constraintComplete()).isFalse();
        s.accept(s.sample(logits(), 0));
        assertThat(s.constraintComplete()).isTrue();
    }

    @Test
    void logprobsAreTheLogSoftmaxOfTheRawLogits() {
        float[] l = logits();
        Logprobs.TokenLogprobs lp = Logprobs.of(l, 0, VOCAB, 6, 3);
        double[] p = softmax(l);
        assertThat(lp.chosen().token()).isEqualTo(6);
        assertThat((double) lp.chosen().logprob()).isCloseTo(Math.log(p[6]), within(1e-6));
        assertThat(Arrays.stream(lp.top()).mapToInt(Logprobs.Entry::token)).containsExactly(3, 4, 6);
        for (Logprobs.Entry e : lp.top()) assertThat((double) e.logprob()).isCloseTo(Math.log(p[e.token()]), within(1e-6));
    }

    @Test
    void zeroTopLogprobsGivesTheChosenTokenOnly() {
        float[] l = logits();
        Logprobs.TokenLogprobs lp = Logprobs.of(l, 0, VOCAB, 6, 0);
        assertThat(lp.chosen().token()).isEqualTo(6);
        assertThat((double) lp.chosen().logprob()).isCloseTo(Math.log(softmax(l)[6]), within(1e-6));
        assertThat(lp.top()).isEmpty();
    }

    @Test
    void rejectsInvalidPenalties() {
        assertThatThrownBy(() -> new SamplingOptions(1f, 40, 1f, 0f, 1f, 64, 0f, 0f, 0f, 1)).hasMessageContaining("repeat_penalty");
        assertThatThrownBy(() -> new SamplingOptions(1f, 40, 1f, 0f, 1f, 64, 1f, Float.NaN, 0f, 1)).hasMessageContaining("presence_penalty");
    }

    static int[] draw(SamplingOptions o, int n) {
        Sampler s = new Sampler(o, VOCAB, 100, null);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = s.sample(logits(), 0);
        return out;
    }

    /** Tokens that can ever be drawn: many draws at a high temperature. */
    static java.util.Set<Integer> support(SamplingOptions o) {
        java.util.Set<Integer> seen = new java.util.TreeSet<>();
        for (int t : draw(new SamplingOptions(1f, o.topK(), o.topP(), o.minP(), o.typicalP(), 64, 1f, 0f, 0f, 5), 3000)) seen.add(t);
        return seen;
    }

    static Candidates candidates() {
        Candidates c = new Candidates(VOCAB);
        c.reset(logits(), 0);
        return c;
    }

    static double[] softmax(float[] l) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (float v : l) max = Math.max(max, v);
        double[] p = new double[l.length];
        for (int i = 0; i < l.length; i++) sum += p[i] = Math.exp(l[i] - max);
        for (int i = 0; i < l.length; i++) p[i] /= sum;
        return p;
    }
}
