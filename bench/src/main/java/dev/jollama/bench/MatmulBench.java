package dev.jollama.bench;

import dev.jollama.engine.tensor.GgmlType;
import dev.jollama.engine.tensor.Tensors;
import dev.jollama.engine.tensor.WeightTensor;
import dev.jollama.engine.tensor.Workers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Matrix-vector (decode) and matrix-matrix (prompt, 128 tokens) products per weight type at Llama-3.2-1B's shapes
 * (rows x cols: attention 2048x2048, FFN up/gate 8192x2048, FFN down 2048x8192, output 128256x2048), on random valid
 * weights in native memory. Matvec cycles through copies of the matrix totalling at least 256 MB, so the weights come
 * from DRAM as in a real model and not from the 32 MB L3. See bench/README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MatmulBench {
    @Param({"F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K"})
    public String type;

    @Param({"2048x2048", "8192x2048", "2048x8192", "128256x2048"})
    public String shape;

    @Param("2")
    public int threads;

    /** Tokens of the matrix-matrix product. */
    @Param("128")
    public int batch;

    private Arena arena;
    private WeightTensor[] copies;
    private Workers workers;
    private float[] one, many, out;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        GgmlType t = GgmlType.valueOf(type);
        String[] rc = shape.split("x");
        int rows = Integer.parseInt(rc[0]), cols = Integer.parseInt(rc[1]);
        long bytes = t.bytesFor((long) rows * cols);
        int count = (int) Math.max(1, Math.min(64, (256L << 20) / bytes + 1));
        arena = Arena.ofShared();
        MemorySegment first = arena.allocate(bytes, 64);
        Tensors.randomBlocks(t, (long) rows * cols, 42, 0.05f, first, 0);
        copies = new WeightTensor[count];
        for (int i = 0; i < count; i++) {
            MemorySegment s = i == 0 ? first : arena.allocate(bytes, 64).copyFrom(first);
            copies[i] = Tensors.of(t, s, rows, cols);
        }
        workers = new Workers(threads);
        SplittableRandom r = new SplittableRandom(1);
        one = new float[cols];
        many = new float[batch * cols];
        for (int i = 0; i < many.length; i++) many[i] = (float) r.nextGaussian();
        System.arraycopy(many, 0, one, 0, cols);
        out = new float[batch * rows];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        workers.close();
        arena.close();
    }

    @Benchmark
    public float matvec() {
        WeightTensor w = copies[next++ % copies.length];
        w.matmul(workers, one, 1, out, w.rows());
        return out[0];
    }

    @Benchmark
    public float matmul() {
        WeightTensor w = copies[0];
        w.matmul(workers, many, batch, out, w.rows());
        return out[0];
    }
}
