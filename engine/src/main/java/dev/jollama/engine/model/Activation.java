package dev.jollama.engine.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The gate activation of a gated feed-forward block: SwiGLU (SiLU) or GeGLU (tanh-approximated GELU). */
public enum Activation {
    SILU {
        @Override
        public float apply(float x) {
            return x / (1f + (float) Math.exp(-x));
        }

        @Override
        public void gated(float[] gate, int gOff, float[] up, int uOff, float[] out, int oOff, int n) {
            int i = 0;
            for (int upper = n - L; i <= upper; i += L) {
                FloatVector x = FloatVector.fromArray(F, gate, gOff + i);
                FloatVector silu = x.div(x.neg().lanewise(VectorOperators.EXP).add(1f));
                silu.mul(FloatVector.fromArray(F, up, uOff + i)).intoArray(out, oOff + i);
            }
            for (; i < n; i++) out[oOff + i] = apply(gate[gOff + i]) * up[uOff + i];
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

    /** out[oOff + i] = apply(gate[gOff + i]) * up[uOff + i] for i in [0, n); out may be up. */
    public void gated(float[] gate, int gOff, float[] up, int uOff, float[] out, int oOff, int n) {
        for (int i = 0; i < n; i++) out[oOff + i] = apply(gate[gOff + i]) * up[uOff + i];
    }

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

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
