package dev.jollama.engine.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * A KV cache of IEEE half floats, llama.cpp's default. Its one-row attention reproduces ggml's CPU flash attention
 * for an F16 cache: the query is rounded to F16, q.k summed as ggml's F16 dot product does, and the running weighted
 * sum of values kept in F16 (rounded after every update), so results match llama.cpp's to float rounding. The
 * conversion loops are plain loops over {@code Float.float16ToFloat}/{@code floatToFloat16}; the running value sum,
 * updated for every position of the context, is rounded to F16 on vectors ({@link #toHalfPrecision}).
 */
final class F16KvCache extends KvCache {
    private final short[][] keys;
    private final short[][] values;

    F16KvCache(int layers, int kvDim, int headDim, int maxPositions) {
        super(layers, kvDim, headDim, maxPositions);
        keys = new short[layers][0];
        values = new short[layers][0];
    }

    @Override
    public KvCacheType type() {
        return KvCacheType.F16;
    }

    @Override
    public long allocatedBytes() {
        return 2L * layers * capacity * kvDim * Short.BYTES;
    }

    @Override
    protected void grow(int positions) {
        for (int l = 0; l < layers; l++) {
            keys[l] = Arrays.copyOf(keys[l], positions * kvDim);
            values[l] = Arrays.copyOf(values[l], positions * kvDim);
        }
        capacity = positions;
    }

    @Override
    protected void write(int layer, int pos, float[] k, int kOff, float[] v, int vOff) {
        toHalves(k, kOff, keys[layer], pos * kvDim, kvDim);
        toHalves(v, vOff, values[layer], pos * kvDim, kvDim);
    }

    private static void toHalves(float[] src, int off, short[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) dst[dstOff + i] = Float.floatToFloat16(src[off + i]);
    }

    private static void toFloats(short[] src, int off, float[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) dst[dstOff + i] = Float.float16ToFloat(src[off + i]);
    }

    @Override
    protected void keyRow(int layer, int pos, int kvHead, float[] dst) {
        toFloats(keys[layer], pos * kvDim + kvHead * headDim, dst, 0, headDim);
    }

    @Override
    protected void valueRow(int layer, int pos, int kvHead, float[] dst) {
        toFloats(values[layer], pos * kvDim + kvHead * headDim, dst, 0, headDim);
    }

    @Override
    public void prepareQuery(float[] q, int off, int n) {
        for (int i = off; i < off + n; i++) q[i] = Float.float16ToFloat(Float.floatToFloat16(q[i]));
    }

    /** ggml_vec_mad_f16: the sum stays in F16. */
    @Override
    protected void accumulate(float[] acc, int off, float[] v, float w) {
        int d = 0;
        for (int upper = headDim - L; d <= upper; d += L) {
            FloatVector sum = FloatVector.fromArray(F, v, d).fma(FloatVector.broadcast(F, w), FloatVector.fromArray(F, acc, off + d));
            if (!storeHalfPrecision(sum, acc, off + d)) break;
        }
        for (; d < headDim; d++) acc[off + d] = Float.float16ToFloat(Float.floatToFloat16(Math.fma(v[d], w, acc[off + d])));
    }

    /** ggml_vec_scale_f16. */
    @Override
    protected void rescale(float[] acc, int off, float factor) {
        int d = 0;
        for (int upper = headDim - L; d <= upper; d += L) {
            if (!storeHalfPrecision(FloatVector.fromArray(F, acc, off + d).mul(factor), acc, off + d)) break;
        }
        for (; d < headDim; d++) acc[off + d] = Float.float16ToFloat(Float.floatToFloat16(acc[off + d] * factor));
    }

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Float bits of 2^-14, the smallest normal F16, and of 65520, from which a float rounds to an F16 infinity. */
    private static final int MIN_NORMAL_BITS = 0x38800000, OVERFLOW_BITS = 0x477FF000;

    /**
     * Stores x rounded to the nearest F16 value (halves to even), as floats, into a[off ..): what
     * {@code float16ToFloat(floatToFloat16(x))} gives lane by lane. Normal F16 values round at mantissa bit 13,
     * subnormal ones to a multiple of 2^-24 (adding and subtracting 0.5 does that in float). Returns false and stores
     * nothing when a lane is too large for F16 or NaN (left to the scalar conversion).
     */
    static boolean storeHalfPrecision(FloatVector x, float[] a, int off) {
        IntVector bits = x.reinterpretAsInts(), magnitude = bits.and(0x7FFFFFFF);
        if (magnitude.compare(VectorOperators.GE, OVERFLOW_BITS).anyTrue()) return false;
        IntVector normal = magnitude.add(magnitude.lanewise(VectorOperators.LSHR, 13).and(1)).add(0x0FFF).and(0xFFFFE000);
        IntVector subnormal = magnitude.reinterpretAsFloats().add(0.5f).sub(0.5f).reinterpretAsInts();
        normal.blend(subnormal, magnitude.compare(VectorOperators.LT, MIN_NORMAL_BITS)).or(bits.and(0x80000000))
                .reinterpretAsFloats().intoArray(a, off);
        return true;
    }

    @Override
    protected void readKey(int layer, int pos, float[] out) {
        toFloats(keys[layer], pos * kvDim, out, 0, kvDim);
    }

    @Override
    protected void writeKey(int layer, int pos, float[] key) {
        toHalves(key, 0, keys[layer], pos * kvDim, kvDim);
    }

    @Override
    protected void moveValue(int layer, int from, int to) {
        System.arraycopy(values[layer], from * kvDim, values[layer], to * kvDim, kvDim);
    }
}
