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
 * into a fresh store with Ollama's part sizes and prints "seconds bytes". The warm-up model (small) is pulled
 * first, untimed, so the JVM's class loading is not counted: a server pulls warm. Used by
 * bench/pull-throughput.sh next to curl on the same blob.
 */
public final class PullBench {
    private PullBench() {}

    public static void main(String[] args) throws Exception {
        ModelName name = ModelName.parse(args[0]);
        ModelStore store = new ModelStore(Path.of(args[1]));
        TransferTuning t = TransferTuning.OLLAMA;
        int connections = Integer.getInteger("connections", t.maxParts()); // to compare, e.g. -Dconnections=4
        long chunk = Long.getLong("chunkMiB", t.chunkSize() >> 20) << 20; // e.g. -DchunkMiB=32
        t = new TransferTuning(connections, t.minPartSize(), t.maxPartSize(), chunk, t.stallTimeout(), t.maxRetries(), t.retryBase(), t.progressInterval());
        Registry registry = new Registry(store, new RegistryClient(Credentials.NONE, null), t, true);
        if (args.length > 2) registry.pull(ModelName.parse(args[2]), true, p -> { });
        long start = System.nanoTime();
        registry.pull(name, true, p -> { });
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes = store.require(name).manifest().totalSize();
        System.out.printf("%.3f %d%n", seconds, bytes);
    }
}
