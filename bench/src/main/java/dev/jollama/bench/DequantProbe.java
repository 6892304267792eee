package dev.jollama.bench;

import dev.jollama.engine.tensor.GgmlType;
import dev.jollama.engine.tensor.Tensors;
import dev.jollama.engine.tensor.WeightTensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;

/** Single-thread CPU time of dequantizeRow over a matrix in L2/L3: {@code DequantProbe TYPE ROWSxCOLS}. */
public final class DequantProbe {
    public static void main(String[] args) {
        GgmlType type = GgmlType.valueOf(args[0]);
        String[] rc = args[1].split("x");
        int rows = Integer.parseInt(rc[0]), cols = Integer.parseInt(rc[1]);
        var mx = ManagementFactory.getThreadMXBean();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(type.bytesFor((long) rows * cols), 64);
            Tensors.randomBlocks(type, (long) rows * cols, 1, 0.05f, seg, 0);
            WeightTensor w = Tensors.of(type, seg, rows, cols);
            if (!Boolean.getBoolean("probe.fileLayout")) w = w.repacked(arena, null);
            float[] out = new float[cols];
            double best = Double.MAX_VALUE;
            for (int round = 0; round < 10; round++) {
                long t0 = mx.getCurrentThreadCpuTime();
                for (int rep = 0; rep < 20; rep++) for (int r = 0; r < rows; r++) w.dequantizeRow(r, out, 0);
                best = Math.min(best, (mx.getCurrentThreadCpuTime() - t0) / 20e3);
            }
            System.out.printf("%s %s dequantize: %.1f us, %.2f G weights/s%n", w.getClass().getSimpleName(), args[1], best, (double) rows * cols / best / 1e3);
        }
    }
}
