package dev.jollama.engine.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our kernels against what llama.cpp's own ggml computes on the same bytes: dequantization of random blocks of every
 * type, the reference quantizers, and the input roundings. The golden files in src/test/resources/ggml/ were made
 * by src/test/ggml/make-goldens.sh (ggml-reference.c linked against llama.cpp's libggml).
 */
class GgmlGoldenTest {
    static java.util.stream.Stream<GgmlType> types() {
        return KernelTest.types();
    }

    @ParameterizedTest
    @MethodSource("types")
    void dequantizationEqualsGgmlBitForBit(GgmlType type) throws IOException {
        byte[] blocks = resource("blocks-" + type + ".bin");
        float[] want = floats(resource("blocks-" + type + ".f32"));
        int rows = 4, cols = 256;
        try (Arena arena = Arena.ofConfined()) {
            WeightTensor w = Tensors.copyOf(type, blocks, rows, cols, arena);
            float[] reference = new float[rows * cols], vector = new float[rows * cols];
            for (int r = 0; r < rows; r++) {
                w.dequantizeRowReference(r, reference, r * cols);
                w.dequantizeRow(r, vector, r * cols);
            }
            sameFloats(reference, want, "scalar reference");
            sameFloats(vector, want, "vector");
        }
    }

    @ParameterizedTest
    @CsvSource({"Q8_0, uniform", "Q8_0, gaussian", "Q8_0, cosine", "Q4_0, uniform", "Q4_0, gaussian", "Q4_0, cosine",
            "Q5_0, uniform", "Q5_0, gaussian", "Q5_0, cosine", "Q5_1, uniform", "Q5_1, gaussian", "Q5_1, cosine",
            "Q4_K, uniform", "Q4_K, gaussian", "Q4_K, cosine", "Q5_K, uniform", "Q5_K, gaussian", "Q5_K, cosine",
            "Q6_K, uniform", "Q6_K, gaussian", "Q6_K, cosine"})
    void quantizationEqualsLlamaCppReferenceQuantizer(GgmlType type, String data) throws IOException {
        float[] x = floats(resource("data-" + data + ".f32"));
        byte[] want = resource("quant-" + type + "-" + data + ".bin");
        byte[] got = Tensors.quantize(type, x);
        assertThat(got).isEqualTo(want);
    }

    /** The quantize -> dequantize RMSE of ours is llama.cpp's (on the same data, dequantized the same way). */
    @ParameterizedTest
    @CsvSource({"Q8_0, uniform", "Q8_0, gaussian", "Q4_0, uniform", "Q4_0, gaussian", "Q5_0, uniform", "Q5_0, gaussian",
            "Q5_1, uniform", "Q5_1, gaussian", "Q4_K, uniform", "Q4_K, gaussian", "Q5_K, uniform", "Q5_K, gaussian",
            "Q6_K, uniform", "Q6_K, gaussian"})
    void quantizationErrorIsWithinLlamaCpps(GgmlType type, String data) throws IOException {
        float[] x = floats(resource("data-" + data + ".f32"));
        double ours = rmse(type, Tensors.quantize(type, x), x), llamaCpp = rmse(type, resource("quant-" + type + "-" + data + ".bin"), x);
        System.out.printf("quantize->dequantize RMSE %s %s: jollama %.6g, llama.cpp %.6g%n", type, data, ours, llamaCpp);
        assertThat(ours).isLessThanOrEqualTo(llamaCpp).isPositive();
    }

    private static double rmse(GgmlType type, byte[] blocks, float[] x) {
        int rows = x.length / 256;
        try (Arena arena = Arena.ofConfined()) {
            WeightTensor w = Tensors.copyOf(type, blocks, rows, 256, arena);
            float[] y = new float[x.length];
            for (int r = 0; r < rows; r++) w.dequantizeRowReference(r, y, r * 256);
            double sum = 0;
            for (int i = 0; i < x.length; i++) sum += (double) (x[i] - y[i]) * (x[i] - y[i]);
            return Math.sqrt(sum / x.length);
        }
    }

    @ParameterizedTest
    @CsvSource({"F16, uniform", "F16, gaussian", "BF16, uniform", "BF16, gaussian", "Q4_0, uniform", "Q4_0, gaussian",
            "Q4_0, cosine", "Q4_K, uniform", "Q4_K, gaussian", "Q4_K, cosine"})
    void inputRoundingEqualsLlamaCppVecDotType(GgmlType type, String data) throws IOException {
        float[] x = floats(resource("data-" + data + ".f32"));
        float[] want = floats(resource("round-" + type + "-" + data + ".f32"));
        try (Arena arena = Arena.ofConfined()) {
            InputRounding rounding = Tensors.copyOf(type, new byte[(int) type.bytesFor(256)], 1, 256, arena).inputRounding();
            float[] got = new float[x.length];
            rounding.round(x, 0, got, 0, x.length);
            sameFloats(got, want, rounding.name());
        }
    }

    /** Bit-for-bit equality, reporting the first difference and how many there are. */
    static void sameFloats(float[] got, float[] want, String what) {
        assertThat(got).as(what).hasSameSizeAs(want);
        int first = -1, count = 0;
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToIntBits(got[i]) != Float.floatToIntBits(want[i])) {
                if (first < 0) first = i;
                count++;
            }
        }
        if (count > 0) {
            throw new AssertionError(what + ": " + count + " of " + want.length + " values differ, first at " + first
                    + ": got " + got[first] + ", ggml " + want[first]);
        }
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = GgmlGoldenTest.class.getResourceAsStream("/ggml/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    static float[] floats(byte[] bytes) {
        float[] f = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }
}
