package dev.jollama.engine.model;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The vector rounding of the F16 cache's running value sum equals Float.floatToFloat16 and back, bit for bit. */
class F16KvCacheTest {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();

    @Test
    void vectorRoundingToHalfPrecisionEqualsTheScalarConversion() {
        float[] values = new float[L], out = new float[L];
        int n = 0, checked = 0;
        Random random = new Random(16);
        for (int h = 0; h < 1 << 16; h++) {
            float half = Float.float16ToFloat((short) h), next = Float.float16ToFloat((short) (h + 1));
            if (!Float.isFinite(half) || !Float.isFinite(next) || Math.abs(next) > 65504f) continue;
            float mid = (half + next) / 2; // exact: a tie, which goes to the even neighbour
            for (float x : new float[] {half, Math.nextUp(half), Math.nextDown(half), mid, Math.nextUp(mid), Math.nextDown(mid),
                    half + (next - half) * random.nextFloat()}) {
                values[n++] = x;
                if (n == L) {
                    checked += check(values, out);
                    n = 0;
                }
            }
        }
        for (int i = 0; i < 1_000_000; i++) {
            values[n++] = Float.intBitsToFloat(random.nextInt() & 0x807FFFFF | random.nextInt(143) << 23); // below 2^16
            if (n == L) {
                checked += check(values, out);
                n = 0;
            }
        }
        assertThat(checked).isGreaterThan(1_000_000);
    }

    @Test
    void lanesBeyondHalfRangeAreLeftToTheScalarConversion() {
        float[] values = new float[L], out = new float[L];
        values[L - 1] = 65520f;
        assertThat(F16KvCache.storeHalfPrecision(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, values, 0), out, 0)).isFalse();
        values[L - 1] = Float.NaN;
        assertThat(F16KvCache.storeHalfPrecision(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, values, 0), out, 0)).isFalse();
        values[L - 1] = -65519.99f;
        assertThat(F16KvCache.storeHalfPrecision(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, values, 0), out, 0)).isTrue();
        assertThat(out[L - 1]).isEqualTo(-65504f);
    }

    /** Vectors whose every lane is in F16's range: the number of lanes compared. */
    private static int check(float[] values, float[] out) {
        boolean stored = F16KvCache.storeHalfPrecision(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, values, 0), out, 0);
        boolean inRange = true;
        for (float v : values) inRange &= Math.abs(v) < 65520f;
        assertThat(stored).isEqualTo(inRange);
        if (!stored) return 0;
        for (int i = 0; i < L; i++) {
            int expected = Float.floatToRawIntBits(Float.float16ToFloat(Float.floatToFloat16(values[i])));
            assertThat(Float.floatToRawIntBits(out[i])).as("%s (0x%08x)", values[i], Float.floatToRawIntBits(values[i])).isEqualTo(expected);
        }
        return L;
    }
}
