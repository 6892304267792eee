package dev.jollama.bench;

import dev.jollama.server.registry.Credentials;
import dev.jollama.server.registry.Registry;
import dev.jollama.server.registry.RegistryClient;
import dev.jollama.server.registry.TransferTuning;
import dev.jollama.server.store.ModelName;
import dev.jollama.server.store.ModelStore;

import java.nio.file.Path;

/**
 * One pull, timed: {@code PullBench <model name> <store dir> [<warm-up model name>]} pulls over http (insecure)
 * into a fresh store with Ollama's part sizes and prints "seconds bytes cpu-seconds" (the CPU time the whole JVM
 * used during the pull, on every thread: receiving, writing, hashing, JIT, GC). The warm-up model (small) is pulled
 * first, untimed, so the JVM's class loading is not counted: a server pulls warm. Used by
 * bench/pull-throughput.sh next to curl on the same blob.
 */
public final class PullBench {
    private PullBench() {}

    public static void main(String[] args) throws Exception {
        ModelName name = ModelName.parse(args[0]);
        ModelStore store = new ModelStore(Path.of(args[1]));
        TransferTuning t = TransferTuning.OLLAMA;
        // to compare: -Dconnections=4 uses exactly 4 connections instead of choosing from the rate; -DchunkMiB=32
        int most = Integer.getInteger("connections", t.maxConnections()), first = Integer.getInteger("connections", t.startConnections());
        long chunk = Long.getLong("chunkMiB", t.chunkSize() >> 20) << 20;
        t = new TransferTuning(t.maxParts(), most, first, t.minPartSize(), t.maxPartSize(), chunk, t.stallTimeout(), t.maxRetries(), t.retryBase(),
                t.progressInterval());
        Registry registry = new Registry(store, new RegistryClient(Credentials.NONE, null), t, true);
        if (args.length > 2) registry.pull(ModelName.parse(args[2]), true, p -> { });
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        registry.pull(name, true, p -> { });
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        long bytes = store.require(name).manifest().totalSize();
        System.out.printf("%.3f %d %.2f%n", seconds, bytes, cpu);
    }
}
