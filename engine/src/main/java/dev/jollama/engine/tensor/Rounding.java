package dev.jollama.engine.tensor;

/** Scalar rounding helpers with C's exact semantics, shared by the quantizers. */
final class Rounding {
    private Rounding() {}

    /** C's roundf: nearest, halves away from zero (exact: a float plus 0.5 is exact in double). */
    static int roundAway(float v) {
        return (int) (v >= 0 ? Math.floor(v + 0.5) : Math.ceil(v - 0.5));
    }

    /** ggml's nearest_int: nearest, halves to even. */
    static int nearestInt(float v) {
        return (int) Math.rint(v);
    }

    /** The value as stored in an fp16 field. */
    static float toFp16(float v) {
        return Float.float16ToFloat(Float.floatToFloat16(v));
    }

    /** A random block scale: scale / qmax times a factor in [0.25, 1), exactly representable as fp16. */
    static short randomScale(java.util.random.RandomGenerator random, float scale, int qmax) {
        return Float.floatToFloat16(scale / qmax * (0.25f + 0.75f * random.nextFloat()));
    }
}
