package dev.jollama.engine.tensor;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The vector quantization of inputs to Q8_0 and Q8_K gives the scalar reference's bytes and scales, bit for bit. */
class InputRoundingTest {
    @Test
    void vectorQuantizationEqualsTheReference() {
        Random random = new Random(8);
        for (InputRounding rounding : new InputRounding[] {InputRounding.Q8_0, InputRounding.Q8_K}) {
            int bs = rounding.blockSize();
            for (int trial = 0; trial < 3000; trial++) {
                float[] in = block(random, bs, trial);
                byte[] q = new byte[bs + 3], ref = new byte[bs + 3];
                float d = rounding.quantize(in, 1, q, 3), dRef = rounding.quantizeReference(in, 1, ref, 3);
                assertThat(Float.floatToRawIntBits(d)).as("%s trial %d scale", rounding, trial).isEqualTo(Float.floatToRawIntBits(dRef));
                assertThat(q).as("%s trial %d", rounding, trial).isEqualTo(ref);
            }
        }
    }

    /** One block at in[1 ..): Gaussian, uniform, halves after scaling, zeros, both signs of the largest magnitude, tiny values. */
    private static float[] block(Random random, int bs, int trial) {
        float[] in = new float[bs + 1];
        float scale = trial % 7 == 0 ? 1e-37f : (float) Math.pow(10, random.nextInt(9) - 6); // 1e-37: 127 / amax overflows
        for (int i = 1; i <= bs; i++) {
            in[i] = switch (trial % 6) {
                case 0 -> (float) random.nextGaussian() * scale;
                case 1 -> (random.nextFloat() * 2 - 1) * scale;
                case 2 -> (random.nextInt(255) - 127) * 0.5f; // many values fall on .5 after scaling by 127 / amax
                case 3 -> random.nextInt(4) == 0 ? 0f : (float) random.nextGaussian();
                case 4 -> 0f;
                default -> random.nextBoolean() ? 1f : -1f; // the first of equal magnitudes sets the sign (Q8_K)
            };
        }
        if (trial % 6 == 2) in[1 + random.nextInt(bs)] = 63.5f;
        return in;
    }
}
