package dev.jollama.server.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A small tmpfs mounted over a directory, for tests of a full disk. Mounting needs root and mount permission, as this
 * project's machines and CI have; elsewhere the test is skipped, saying so.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path dir;

    private SmallDisk(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code bytes} (rounded up to pages) on {@code dir}, or skips the test. */
    public static SmallDisk mount(Path dir, long bytes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", dir.toString()),
                "skipped: cannot mount a " + bytes + "-byte tmpfs here (needs root and mount permission)");
        return new SmallDisk(dir);
    }

    /** Every regular file under {@code root} with its bytes. */
    public static Map<Path, byte[]> contents(Path root) throws IOException {
        Map<Path, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) out.put(root.relativize(p), Files.readAllBytes(p));
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        if (!run("umount", dir.toString())) run("umount", "-l", dir.toString());
    }

    private static boolean run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
