package dev.jollama.engine.model;

import dev.jollama.engine.tensor.Workers;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SequenceAttentionTest {
    @Test
    void expIsWithinThreeUlpOfMathExpAndZeroBelowTheRange() {
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        float[] x = new float[lanes], y = new float[lanes];
        for (float v = -87f; v <= 0f; v += 0.0173f) {
            for (int i = 0; i < lanes; i++) x[i] = v + i * 1e-3f;
            SequenceAttention.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0)).intoArray(y, 0);
            for (int i = 0; i < lanes; i++) {
                if (x[i] > 0) continue;
                float want = (float) Math.exp(x[i]);
                assertThat(y[i]).as("exp(%s)", x[i]).isCloseTo(want, within(3 * Math.ulp(want)));
            }
        }
        java.util.Arrays.fill(x, Float.NEGATIVE_INFINITY);
        x[0] = -88f;
        x[1] = 0f;
        SequenceAttention.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0)).intoArray(y, 0);
        assertThat(y[0]).isZero();
        assertThat(y[1]).isEqualTo(1f);
        assertThat(y[2]).isZero();
    }

    @Test
    void matchesAStraightforwardSoftmaxAttentionPerSequence() {
        int heads = 4, kvHeads = 2, hd = 20;
        int[] lengths = {1, 7, 33, 18};
        int[] starts = new int[lengths.length];
        int n = 0;
        for (int s = 0; s < lengths.length; s++) {
            starts[s] = n;
            n += lengths[s];
        }
        SplittableRandom r = new SplittableRandom(3);
        float[] q = random(r, n * heads * hd), k = random(r, n * kvHeads * hd), v = random(r, n * kvHeads * hd);
        for (boolean causal : new boolean[]{false, true}) {
            float[] out = new float[n * heads * hd];
            try (Workers w = new Workers(2)) {
                new SequenceAttention(heads, kvHeads, hd).attend(w, q, k, v, out, starts, lengths, lengths.length, 0.3f, causal);
            }
            for (int s = 0; s < lengths.length; s++) {
                for (int i = 0; i < lengths[s]; i++) {
                    for (int h = 0; h < heads; h++) {
                        int kvh = h / (heads / kvHeads), visible = causal ? i + 1 : lengths[s];
                        double[] p = new double[visible];
                        double max = Double.NEGATIVE_INFINITY, sum = 0;
                        for (int j = 0; j < visible; j++) {
                            double dot = 0;
                            for (int d = 0; d < hd; d++) dot += q[((starts[s] + i) * heads + h) * hd + d] * k[((starts[s] + j) * kvHeads + kvh) * hd + d];
                            p[j] = 0.3 * dot;
                            max = Math.max(max, p[j]);
                        }
                        for (int j = 0; j < visible; j++) sum += p[j] = Math.exp(p[j] - max);
                        for (int d = 0; d < hd; d++) {
                            double want = 0;
                            for (int j = 0; j < visible; j++) want += p[j] / sum * v[((starts[s] + j) * kvHeads + kvh) * hd + d];
                            assertThat((double) out[((starts[s] + i) * heads + h) * hd + d]).isCloseTo(want, within(1e-5));
                        }
                    }
                }
            }
        }
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }
}
