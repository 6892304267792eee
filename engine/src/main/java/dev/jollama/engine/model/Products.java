package dev.jollama.engine.model;

import dev.jollama.engine.tensor.PreparedInput;
import dev.jollama.engine.tensor.WeightTensor;
import dev.jollama.engine.tensor.Workers;

/**
 * Matrix products of one forward pass on its workers. Products that share an input (q, k, v; gate, up) round and
 * transpose it once and split all their rows over the workers in one dispatch. Holds the rounded-input buffers, so
 * one instance per forward pass (not thread-safe).
 */
public final class Products {
    private final Workers workers;
    private final PreparedInput input = new PreparedInput();

    public Products(Workers workers) {
        this.workers = workers;
    }

    public Workers workers() {
        return workers;
    }

    /** out[t * m.rows() + r] = row r of m . in[t * m.cols() ..] for the n tokens of in. */
    public void multiply(WeightTensor m, float[] in, int n, float[] out) {
        multiply(in, n, new WeightTensor[] {m}, new float[][] {out});
    }

    /** Products of several matrices with the same input; each output has its matrix's rows as stride. */
    public void multiply(float[] in, int n, WeightTensor[] ms, float[][] outs) {
        for (WeightTensor m : ms) {
            if (m.inputRounding() != ms[0].inputRounding() || m.cols() != ms[0].cols()) {
                for (int i = 0; i < ms.length; i++) multiply(ms[i], in, n, outs[i]);
                return;
            }
        }
        PreparedInput p = input.prepare(ms, in, n, workers);
        int total = 0;
        for (WeightTensor m : ms) total += m.rows();
        workers.forRange(total, 64, (from, to) -> {
            int base = 0;
            for (int i = 0; i < ms.length; i++) {
                int rows = ms[i].rows(), lo = Math.max(from, base), hi = Math.min(to, base + rows);
                if (lo < hi) ms[i].matmul(p, outs[i], rows, lo - base, hi - base);
                base += rows;
            }
        });
    }
}
