package dev.jollama.bench;

import dev.jollama.engine.tensor.GgmlType;
import dev.jollama.engine.tensor.Tensors;
import dev.jollama.engine.tensor.WeightTensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;

/**
 * A quick single-thread probe of the kernels that counts this thread's CPU time, not wall time, so that it still
 * says something on a machine shared with other work (JMH's wall-clock numbers are the ones to quote):
 * {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.jollama.bench.KernelProbe TYPE ROWSxCOLS [N]}.
 */
public final class KernelProbe {
    public static void main(String[] args) {
        GgmlType type = GgmlType.valueOf(args[0]);
        String[] rc = args[1].split("x");
        int rows = Integer.parseInt(rc[0]), cols = Integer.parseInt(rc[1]);
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        long bytes = type.bytesFor((long) rows * cols);
        int copies = n <= 16 ? Integer.getInteger("probe.copies", (int) Math.max(1, Math.min(64, (256L << 20) / bytes + 1))) : 1;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (Arena arena = Arena.ofConfined()) {
            WeightTensor[] w = new WeightTensor[copies];
            MemorySegment first = arena.allocate(bytes, 64);
            Tensors.randomBlocks(type, (long) rows * cols, 1, 0.05f, first, 0);
            boolean repack = !Boolean.getBoolean("probe.fileLayout"); // as a model loads them
            for (int i = 0; i < copies; i++) {
                w[i] = Tensors.of(type, i == 0 ? first : arena.allocate(bytes, 64).copyFrom(first), rows, cols);
                if (repack) w[i] = w[i].repacked(arena, null);
            }
            float[] x = new float[n * cols], out = new float[n * rows];
            SplittableRandom r = new SplittableRandom(2);
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            int reps = (int) Math.max(3, Math.min(2000, 2_000_000_000L / ((long) rows * cols * n)));
            double best = Double.MAX_VALUE;
            for (int round = 0; round < 8; round++) {
                long t0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < reps; i++) w[i % copies].matmul(x, n, out, rows, 0, rows);
                double us = (mx.getCurrentThreadCpuTime() - t0) / 1e3 / reps;
                best = Math.min(best, us);
            }
            double gbs = bytes / best / 1e3, gflops = 2.0 * rows * cols * n / best / 1e3;
            System.out.printf("%s %dx%d n=%d: %.1f us (cpu, best of 8), %.2f GB/s, %.1f GFLOP/s%n", type, rows, cols, n, best, gbs, gflops);
        }
    }
}
