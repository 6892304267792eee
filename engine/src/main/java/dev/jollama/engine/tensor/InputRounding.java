package dev.jollama.engine.tensor;

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

    /** Values per scale of {@link #quantize}. */
    int blockSize() {
        throw new UnsupportedOperationException(this + " is not an integer rounding");
    }
}
