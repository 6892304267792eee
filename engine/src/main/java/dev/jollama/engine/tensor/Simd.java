package dev.jollama.engine.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The vector species every kernel uses, chosen once at start-up (the widest the CPU has: 16 float lanes with
 * AVX-512), and the small load-and-widen helpers the per-type kernels share. Everything here is static and tiny so
 * that C2 inlines it into the hot loops; a helper that does not inline boxes its vectors.
 */
final class Simd {
    private Simd() {}

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Float lanes per vector. */
    static final int L = F.length();
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** L bytes, the input of a widening byte -> int/float conversion. */
    static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(L * 8));
    /** L shorts, the input of a widening short -> int conversion. */
    static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(L * 16));

    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LE);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE);
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);

    static {
        if (I.length() != L) throw new IllegalStateException("int and float species differ: " + I + " " + F);
    }

    /** L signed bytes at {@code offset}, sign-extended to ints. */
    static IntVector bytesToInts(MemorySegment data, long offset) {
        return (IntVector) ByteVector.fromMemorySegment(B, data, offset, LE).convertShape(VectorOperators.B2I, I, 0);
    }

    /** L unsigned bytes at {@code offset}, zero-extended to ints. */
    static IntVector u8ToInts(MemorySegment data, long offset) {
        return (IntVector) ByteVector.fromMemorySegment(B, data, offset, LE).convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0);
    }

    /** L signed bytes of an array at {@code offset}, sign-extended to ints. */
    static IntVector bytesToInts(byte[] a, int offset) {
        return (IntVector) ByteVector.fromArray(B, a, offset).convertShape(VectorOperators.B2I, I, 0);
    }

    /** L signed bytes at {@code offset} as floats. */
    static FloatVector bytesToFloats(MemorySegment data, long offset) {
        return (FloatVector) ByteVector.fromMemorySegment(B, data, offset, LE).convertShape(VectorOperators.B2F, F, 0);
    }

    /** L little-endian shorts at {@code offset}, sign-extended to ints. */
    static IntVector shortsToInts(MemorySegment data, long offset) {
        return (IntVector) ShortVector.fromMemorySegment(S, data, offset, LE).convertShape(VectorOperators.S2I, I, 0);
    }

    /** L shorts of an array at {@code offset}, sign-extended to ints. */
    static IntVector shortsToInts(short[] a, int offset) {
        return (IntVector) ShortVector.fromArray(S, a, offset).convertShape(VectorOperators.S2I, I, 0);
    }

    /** 32 short lanes summed in pairs (2i, 2i + 1) into 16 int lanes, through an int reinterpretation. */
    static IntVector pairSums(ShortVector a) {
        IntVector s = a.reinterpretAsInts();
        return s.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(s.lanewise(VectorOperators.ASHR, 16));
    }

    static FloatVector toFloats(IntVector v) {
        return (FloatVector) v.convert(VectorOperators.I2F, 0);
    }

    /** Sum of w[i] * x[xOffset + i] for i in [0, count). */
    static float dot(float[] w, float[] x, int xOffset, int count) {
        FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
        int i = 0;
        for (int upper = count - 2 * L; i <= upper; i += 2 * L) {
            acc0 = FloatVector.fromArray(F, w, i).fma(FloatVector.fromArray(F, x, xOffset + i), acc0);
            acc1 = FloatVector.fromArray(F, w, i + L).fma(FloatVector.fromArray(F, x, xOffset + i + L), acc1);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < count; i++) sum += w[i] * x[xOffset + i];
        return sum;
    }

    /** The unsigned byte at {@code offset}. */
    static int u8(MemorySegment data, long offset) {
        return data.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }

    /** Whether vectors have 16 lanes (AVX-512): the K-quant kernels read their weights 64 bytes at a time as 16 ints. */
    static final boolean WIDE = L == 16;

    /** Lane indices 0, 1, ..., L - 1. */
    static final IntVector IOTA = IntVector.zero(I).addIndex(1);

    static float fp16(MemorySegment data, long offset) {
        return Float.float16ToFloat(data.get(SHORT, offset));
    }
}
