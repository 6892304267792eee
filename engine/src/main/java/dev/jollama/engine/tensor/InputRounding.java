package dev.jollama.engine.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * How llama.cpp rounds the input vectors of a matrix product before multiplying them with weights of a given type
 * (ggml's {@code vec_dot_type}): F16 weights meet fp16-rounded inputs, BF16 weights bf16 inputs, the 32-blocks
 * (Q4_0 ... Q8_0) meet inputs quantized to Q8_0 and the K-quants inputs quantized to Q8_K. jollama rounds the
 * inputs the same way and then multiplies in float, which equals llama.cpp's integer dot products up to float
 * rounding, so random-weight models give the same tokens as llama.cpp.
 */
public enum InputRounding {
    /** F32 weights: inputs as they are. */
    NONE {
        @Override
        void round(float[] in, int from, float[] out, int to, int count) {
            System.arraycopy(in, from, out, to, count);
        }
    },
    /** fp16, round to nearest even (x86 {@code vcvtps2ph}). */
    FP16 {
        @Override
        void round(float[] in, int from, float[] out, int to, int count) {
            for (int i = 0; i < count; i++) out[to + i] = Float.float16ToFloat(Float.floatToFloat16(in[from + i]));
        }

        @Override
        short toHalf(float v) {
            return Float.floatToFloat16(v);
        }

        @Override
        boolean halfNeedsFloat(short bits) {
            return Half.isSpecialFp16(bits);
        }
    },
    /** bf16, round to nearest even. */
    BF16 {
        @Override
        void round(float[] in, int from, float[] out, int to, int count) {
            for (int i = 0; i < count; i++) out[to + i] = Half.bf16ToFloat(Half.floatToBf16(in[from + i]));
        }

        @Override
        short toHalf(float v) {
            return Half.floatToBf16(v);
        }
    },
    /**
     * Q8_0 as llama.cpp's x86 quantize_row_q8_0 does it: per 32 values d = amax / 127 stored as fp16,
     * q = round-half-even(x * 127 / amax).
     */
    Q8_0 {
        @Override
        void round(float[] in, int from, float[] out, int to, int count) {
            byte[] q = new byte[32];
            for (int b = 0; b < count; b += 32) {
                float d = quantize(in, from + b, q, 0);
                for (int i = 0; i < 32; i++) out[to + b + i] = q[i] * d;
            }
        }

        @Override
        float quantize(float[] in, int from, byte[] q, int to) {
            float amax = VECTOR ? absMax(in, from, 32) : Float.NaN;
            float id = amax != 0 ? 127f / amax : 0;
            if (Float.isNaN(amax) || Float.isInfinite(id)) return quantizeReference(in, from, q, to); // NaN, or below 1e-36
            roundToBytes(in, from, id, q, to, 32);
            return Rounding.toFp16(amax / 127f);
        }

        @Override
        float quantizeReference(float[] in, int from, byte[] q, int to) {
            float amax = 0;
            for (int i = 0; i < 32; i++) amax = Math.max(amax, Math.abs(in[from + i]));
            float id = amax != 0 ? 127f / amax : 0;
            for (int i = 0; i < 32; i++) q[to + i] = (byte) Rounding.nearestInt(in[from + i] * id);
            return Rounding.toFp16(amax / 127f);
        }

        @Override
        int blockSize() {
            return 32;
        }
    },
    /**
     * Q8_K as quantize_row_q8_K does it: per 256 values the element of largest magnitude maps to -127,
     * d = max / -127 kept as a float, q = min(127, round-half-even(x * -127 / max)).
     */
    Q8_K {
        @Override
        void round(float[] in, int from, float[] out, int to, int count) {
            byte[] q = new byte[256];
            for (int b = 0; b < count; b += 256) {
                float d = quantize(in, from + b, q, 0);
                for (int i = 0; i < 256; i++) out[to + b + i] = d * q[i];
            }
        }

        @Override
        float quantize(float[] in, int from, byte[] q, int to) {
            float amax = VECTOR ? absMax(in, from, 256) : Float.NaN;
            if (Float.isNaN(amax)) return quantizeReference(in, from, q, to);
            if (amax == 0) {
                java.util.Arrays.fill(q, to, to + 256, (byte) 0);
                return 0;
            }
            float iscale = -127f / in[firstWithMagnitude(in, from, amax)]; // the first of the largest magnitude sets the sign
            if (Float.isInfinite(iscale)) return quantizeReference(in, from, q, to);
            roundToBytes(in, from, iscale, q, to, 256);
            return 1 / iscale;
        }

        @Override
        float quantizeReference(float[] in, int from, byte[] q, int to) {
            float amax = 0, max = 0;
            for (int i = 0; i < 256; i++) {
                float v = in[from + i];
                if (Math.abs(v) > amax) {
                    amax = Math.abs(v);
                    max = v;
                }
            }
            if (amax == 0) {
                java.util.Arrays.fill(q, to, to + 256, (byte) 0);
                return 0;
            }
            float iscale = -127f / max;
            for (int i = 0; i < 256; i++) q[to + i] = (byte) Math.min(127, Rounding.nearestInt(iscale * in[from + i]));
            return 1 / iscale;
        }

        @Override
        int blockSize() {
            return 256;
        }
    };

    /** Rounds in[from .. from + count) into out[to ..); count is a whole number of rows. */
    abstract void round(float[] in, int from, float[] out, int to, int count);

    /** The 16-bit form of an fp16 or bf16 rounding: the bits of v rounded. */
    short toHalf(float v) {
        throw new UnsupportedOperationException(this + " is not a 16-bit rounding");
    }

    /** Whether the half-input kernels cannot take these bits (fp16 infinities and NaN: see {@link Half#finiteFp16ToFloats}). */
    boolean halfNeedsFloat(short bits) {
        return false;
    }

    /**
     * The integer form of a Q8 rounding: one block of in[from ..) as int8 values into q[to ..); returns the block's
     * scale d, so that the rounded input is d * q exactly as {@link #round} gives it. Q8_0 and Q8_K only.
     */
    float quantize(float[] in, int from, byte[] q, int to) {
        throw new UnsupportedOperationException(this + " is not an integer rounding");
    }

    /** {@link #quantize} by plain scalar loops, which the vector version is held to. */
    float quantizeReference(float[] in, int from, byte[] q, int to) {
        throw new UnsupportedOperationException(this + " is not an integer rounding");
    }

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Whether blocks are quantized on vectors: 8 or more float lanes, so that a vector's bytes fill a byte species. */
    private static final boolean VECTOR = F.length() >= 8;
    private static final VectorSpecies<Byte> B = VECTOR ? VectorSpecies.of(byte.class, VectorShape.forBitSize(F.length() * 8)) : null;
    /** 1.5 * 2^23: adding and subtracting it rounds a float below 2^22 to an integer, halves to even (ggml's nearest_int). */
    private static final float ROUNDER = 12582912f;

    /** The largest magnitude of in[from .. from + n), n a multiple of the vector length; NaN if a value is NaN. */
    private static float absMax(float[] in, int from, int n) {
        FloatVector m = FloatVector.zero(F);
        for (int i = 0; i < n; i += F.length()) m = m.max(FloatVector.fromArray(F, in, from + i).abs());
        return m.reduceLanes(VectorOperators.MAX);
    }

    /** The index of the first element of in[from ..) whose magnitude is amax, which one of them must be. */
    private static int firstWithMagnitude(float[] in, int from, float amax) {
        for (int i = from; ; i += F.length()) {
            VectorMask<Float> hit = FloatVector.fromArray(F, in, i).abs().eq(amax);
            if (hit.anyTrue()) return i + hit.firstTrue();
        }
    }

    /** q[to + i] = min(127, nearest-even(in[from + i] * mul)) for i in [0, n), n a multiple of the vector length. */
    private static void roundToBytes(float[] in, int from, float mul, byte[] q, int to, int n) {
        for (int i = 0; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, in, from + i).mul(mul).add(ROUNDER).sub(ROUNDER);
            ((ByteVector) ((IntVector) v.convert(VectorOperators.F2I, 0)).min(127).convertShape(VectorOperators.I2B, B, 0)).intoArray(q, to + i);
        }
    }

    /** Values per scale of {@link #quantize}. */
    int blockSize() {
        throw new UnsupportedOperationException(this + " is not an integer rounding");
    }
}
