package dev.jollama.engine.model;

/** The gate activation of a gated feed-forward block: SwiGLU (SiLU) or GeGLU (tanh-approximated GELU). */
public enum Activation {
    SILU {
        @Override
        public float apply(float x) {
            return x / (1f + (float) Math.exp(-x));
        }
    },
    /**
     * GELU as ggml's CPU backend computes it: for |x| < 10 the input is rounded to F16 and looked up in a table of
     * F16-rounded results, so values match llama.cpp exactly.
     */
    GELU {
        @Override
        public float apply(float x) {
            if (x <= -10f) return 0f;
            if (x >= 10f) return x;
            return GeluTable.TABLE[Float.floatToFloat16(x) & 0xFFFF];
        }
    };

    public abstract float apply(float x);

    private static final class GeluTable {
        static final float[] TABLE = new float[1 << 16];

        static {
            for (int i = 0; i < TABLE.length; i++) {
                float x = Float.float16ToFloat((short) i);
                float g = 0.5f * x * (1f + (float) Math.tanh(0.79788456080286535587989211986876f * x * (1f + 0.044715f * x * x)));
                TABLE[i] = Float.float16ToFloat(Float.floatToFloat16(g));
            }
        }
    }
}
