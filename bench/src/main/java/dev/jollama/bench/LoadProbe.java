package dev.jollama.bench;

import dev.jollama.engine.Engine;
import dev.jollama.engine.LoadOptions;
import dev.jollama.engine.LoadedModel;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * Model load time, wall clock and the whole process's CPU time (robust on a shared machine), and resident memory after
 * it, then the same once the background repacking of the weights has finished, each of {@code REPS}
 * loads in one JVM (the first pays for class loading and compilation):
 * {@code LoadProbe MODEL.gguf [REPS] [THREADS]}.
 */
public final class LoadProbe {
    /** Resident memory of this process (Linux), anonymous and file-backed. */
    private static String resident() throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!java.nio.file.Files.exists(status)) return "";
        return java.nio.file.Files.readAllLines(status).stream().filter(l -> l.startsWith("RssAnon") || l.startsWith("RssFile"))
                .map(l -> l.replaceAll("\\s+", " ")).collect(java.util.stream.Collectors.joining(", "));
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3, threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < reps; i++) {
            long cpu = os.getProcessCpuTime(), t0 = System.nanoTime();
            try (LoadedModel m = Engine.load(model, LoadOptions.DEFAULTS.withNumThread(threads).withNumCtx(512))) {
                System.out.printf("load %d: %.3f s wall, %.3f s cpu, %s%n", i, (System.nanoTime() - t0) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9, resident());
                if (m.canGenerate()) m.transformer().weights(); // waits for the background repacking
                System.out.printf("  repacked: %.3f s wall, %.3f s cpu, %s%n", (System.nanoTime() - t0) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9, resident());
            }
        }
    }
}
