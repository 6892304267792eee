package dev.jollama.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests find their data: small files in the repository's {@code testdata/}, larger ones in {@code ../shared}
 * (present in CI). A test that needs a shared file it cannot find is skipped with a message naming the file.
 */
public final class TestData {
    private TestData() {}

    /** The repository root. */
    public static Path root() {
        String p = System.getProperty("jollama.root");
        if (p != null) return Path.of(p);
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("testdata"))) dir = dir.getParent();
        if (dir == null) throw new IllegalStateException("cannot find the repository root (no testdata/ above " + Path.of("").toAbsolutePath() + ")");
        return dir;
    }

    /** A file under the repository's testdata/. */
    public static Path repo(String relative) {
        return root().resolve("testdata").resolve(relative);
    }

    /** The shared folder beside the repository, which may be absent. */
    public static Path shared() {
        String p = System.getProperty("jollama.shared");
        return (p != null ? Path.of(p) : root().resolve("../shared")).normalize();
    }

    /** A file under ../shared; skips the calling test when it is not there. */
    public static Path requireShared(String relative) {
        Path p = shared().resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "skipped: needs " + p + " (the ../shared folder beside the repository)");
        return p;
    }

    public static Path stories260K() {
        return repo("models/stories260K.gguf");
    }

    public static Path tinyRandomLlama() {
        return repo("models/llama-2-tiny-random.gguf");
    }
}
