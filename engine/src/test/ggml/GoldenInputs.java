import dev.jollama.engine.tensor.GgmlType;
import dev.jollama.engine.tensor.Tensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Writes the inputs of the ggml golden files (see make-goldens.sh): random blocks per type, and float data sets. */
public class GoldenInputs {
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (GgmlType t : GgmlType.values()) {
            if (Tensors.isSupported(t)) Files.write(dir.resolve("blocks-" + t + ".bin"), Tensors.randomBlocks(t, 1024, 11, 1f));
        }
        SplittableRandom r = new SplittableRandom(5);
        int n = 16 * 256;
        float[] uniform = new float[n], gaussian = new float[n], cosine = new float[n];
        for (int i = 0; i < n; i++) {
            uniform[i] = (float) (r.nextDouble() * 2 - 1);
            gaussian[i] = (float) r.nextGaussian();
            cosine[i] = (float) (0.1 + 2.0 * Math.cos(i)); // llama.cpp's test-quantize-fns data
        }
        gaussian[17] = 0; // a few exact zeros and a zero block
        for (int i = 512; i < 768; i++) uniform[i] = 0;
        write(dir.resolve("data-uniform.f32"), uniform);
        write(dir.resolve("data-gaussian.f32"), gaussian);
        write(dir.resolve("data-cosine.f32"), cosine);
    }

    private static void write(Path p, float[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        Files.write(p, b.array());
    }
}
