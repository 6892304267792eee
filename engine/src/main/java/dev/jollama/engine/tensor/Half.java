package dev.jollama.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

/**
 * IEEE half (fp16) and bfloat16 to float conversion for vectors of {@link Simd#L} lanes; the Vector API has no
 * half-float conversion, so it is done on the bits. Exact for every input, subnormals, infinities and NaN included.
 */
final class Half {
    private Half() {}

    private static final float SUBNORMAL_FIX = 0x1p112f; // 2^(127-15): moves a half exponent to a float exponent

    /** L fp16 values at {@code offset} as floats. */
    static FloatVector fp16ToFloats(MemorySegment data, long offset) {
        IntVector h = Simd.shortsToInts(data, offset);
        // sign to bit 31, exponent and mantissa to the float's positions; the multiply rebiases the exponent and
        // normalises subnormals in one go. Infinity and NaN (exponent 31) get the float's all-ones exponent instead.
        IntVector bits = h.and(0x8000).lanewise(VectorOperators.LSHL, 16).or(h.and(0x7fff).lanewise(VectorOperators.LSHL, 13));
        FloatVector finite = bits.reinterpretAsFloats().mul(SUBNORMAL_FIX);
        VectorMask<Float> special = h.and(0x7c00).eq(0x7c00).cast(Simd.F);
        return finite.blend(bits.or(0x7f800000).reinterpretAsFloats(), special);
    }

    /** L bf16 values at {@code offset} as floats (a bf16 is the top half of a float). */
    static FloatVector bf16ToFloats(MemorySegment data, long offset) {
        return Simd.shortsToInts(data, offset).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** Float to bf16 bits, rounding to nearest even as ggml does (NaN stays a quiet NaN). */
    static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7fffffff) > 0x7f800000) return (short) ((bits >>> 16) | 64);
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }
}
