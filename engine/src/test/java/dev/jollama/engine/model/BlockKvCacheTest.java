package dev.jollama.engine.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Q8_0 and Q4_0 caches: what goes in comes back within the type's rounding, rotated or not, and survives a context shift. */
class BlockKvCacheTest {
    static final int KV_DIM = 128;

    static BlockKvCache cache(String type, int headDim) {
        return type.equals("Q8_0") ? new Q8_0KvCache(1, KV_DIM, headDim, 16) : new Q4_0KvCache(1, KV_DIM, headDim, 16);
    }

    /** Worst rounding of one element: half a step of amax / 127 (Q8_0) or amax / 8 (Q4_0), amax at most 1 here, spread by the rotation. */
    static float tolerance(String type) {
        return type.equals("Q8_0") ? 0.02f : 0.2f;
    }

    static float[] random(Random r) {
        float[] x = new float[KV_DIM];
        for (int i = 0; i < KV_DIM; i++) x[i] = r.nextFloat() * 2 - 1;
        return x;
    }

    @ParameterizedTest
    @ValueSource(strings = {"Q8_0", "Q4_0"})
    void theHadamardRotationIsItsOwnInverse(String ignored) {
        float[] x = random(new Random(1)), y = x.clone();
        BlockKvCache.rotate(y, 0, KV_DIM, 64);
        assertThat(y).isNotEqualTo(x);
        BlockKvCache.rotate(y, 0, KV_DIM, 64);
        for (int i = 0; i < KV_DIM; i++) assertThat(y[i]).isCloseTo(x[i], within(1e-6f));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Q8_0", "Q4_0"})
    void keysAndValuesComeBackWithinTheTypesRounding(String type) {
        for (int headDim : new int[] {32, 64, 128}) { // 32: not rotated
            Random r = new Random(headDim);
            BlockKvCache c = cache(type, headDim);
            float[][] keys = new float[10][], values = new float[10][];
            c.reserve(10);
            for (int p = 0; p < 10; p++) c.store(0, p, keys[p] = random(r), 0, values[p] = random(r), 0);
            assertThat(c.allocatedBytes()).isEqualTo(2L * c.type().bytes(16L * KV_DIM)); // grown to all 16 positions
            float[] k = new float[KV_DIM], q = new float[headDim], out = new float[headDim];
            for (int p = 0; p < 10; p++) {
                c.readKey(0, p, k);
                for (int i = 0; i < KV_DIM; i++) assertThat(k[i]).as("key %d at %d, heads of %d", i, p, headDim).isCloseTo(keys[p][i], within(tolerance(type)));
                // attention over one position is that position's value
                int head = KV_DIM / headDim - 1;
                c.attend(0, head, q, 0, 1, p, p, 1f, 0f, out, 0);
                for (int i = 0; i < headDim; i++) assertThat(out[i]).as("value %d at %d", i, p).isCloseTo(values[p][head * headDim + i], within(tolerance(type)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Q8_0", "Q4_0"})
    void aContextShiftMovesKeysAndValues(String type) {
        Random r = new Random(7);
        BlockKvCache c = cache(type, 64);
        c.reserve(10);
        for (int p = 0; p < 10; p++) c.store(0, p, random(r), 0, random(r), 0);
        float[][] keysBefore = new float[10][KV_DIM], valuesBefore = new float[10][64];
        float[] q = new float[64];
        for (int p = 0; p < 10; p++) {
            c.readKey(0, p, keysBefore[p]);
            c.attend(0, 0, q, 0, 1, p, p, 1f, 0f, valuesBefore[p], 0);
        }
        c.shift(2, 3, (layer, key, offset, delta) -> {});
        assertThat(c.length()).isEqualTo(7);
        float[] k = new float[KV_DIM], v = new float[64];
        for (int p = 0; p < 7; p++) {
            int old = p < 2 ? p : p + 3;
            c.readKey(0, p, k);
            c.attend(0, 0, q, 0, 1, p, p, 1f, 0f, v, 0);
            for (int i = 0; i < KV_DIM; i++) assertThat(k[i]).as("key %d at %d", i, p).isCloseTo(keysBefore[old][i], within(tolerance(type) / 4));
            assertThat(v).as("value at %d", p).containsExactly(valuesBefore[old]);
        }
    }
}
