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
        return fp16ToFloats(Simd.shortsToInts(data, offset));
    }

    /**
     * Sign-extended fp16 bits as floats. The shift puts exponent and mantissa in the float's positions and the sign
     * (sign-extended into bits 15-31) into bits 28-31, of which the mask keeps bit 31; the multiply rebiases the
     * exponent and normalises subnormals in one go. Infinity and NaN (exponent 31, 143 after the multiply) get the
     * float's all-ones exponent by a masked or, which keeps the mantissa bits.
     */
    private static FloatVector fp16ToFloats(IntVector h) {
        FloatVector finite = h.lanewise(VectorOperators.LSHL, 13).and(0x8fffffff).reinterpretAsFloats().mul(SUBNORMAL_FIX);
        VectorMask<Integer> special = h.and(0x7c00).eq(0x7c00);
        return finite.reinterpretAsInts().lanewise(VectorOperators.OR, 0x7f800000, special).reinterpretAsFloats();
    }

    /**
     * L fp16 values of an array at {@code offset} as floats, for finite values only (an infinity or NaN comes out as
     * a finite number of magnitude 2^16 or more): {@link #fp16ToFloats} without its masked or.
     */
    static FloatVector finiteFp16ToFloats(short[] a, int offset) {
        return Simd.shortsToInts(a, offset).lanewise(VectorOperators.LSHL, 13).and(0x8fffffff).reinterpretAsFloats().mul(SUBNORMAL_FIX);
    }

    /** Whether fp16 bits are an infinity or NaN. */
    static boolean isSpecialFp16(short bits) {
        return (bits & 0x7c00) == 0x7c00;
    }

    /** L bf16 values at {@code offset} as floats (a bf16 is the top half of a float). */
    static FloatVector bf16ToFloats(MemorySegment data, long offset) {
        return Simd.shortsToInts(data, offset).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /** L bf16 values of an array at {@code offset} as floats. */
    static FloatVector bf16ToFloats(short[] a, int offset) {
        return Simd.shortsToInts(a, offset).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
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
