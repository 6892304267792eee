package dev.jollama.server.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jollama.api.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One byte range of a blob being downloaded (fetched in {@link Chunk}s), and its state file {@code <blob>-partial-<N>}: the JSON
 * {@code {"N":..,"Offset":..,"Size":..,"Completed":..}} Ollama writes, so either program resumes the other's
 * downloads. The state never claims bytes that are not yet written to the partial file.
 */
final class DownloadPart {
    final int n;
    final long offset;
    final long size;
    final Path stateFile;
    final AtomicLong completed;
    private volatile long lastSavedNanos = System.nanoTime();

    /** The JSON form. */
    record State(@JsonProperty("N") int n, @JsonProperty("Offset") long offset, @JsonProperty("Size") long size,
                 @JsonProperty("Completed") long completed) {}

    DownloadPart(int n, long offset, long size, long completed, Path stateFile) {
        this.n = n;
        this.offset = offset;
        this.size = size;
        this.completed = new AtomicLong(completed);
        this.stateFile = stateFile;
    }

    static Path stateFile(Path partial, int n) {
        return partial.resolveSibling(partial.getFileName() + "-" + n);
    }

    static DownloadPart read(Path stateFile) throws IOException {
        State s = Json.mapper().readValue(stateFile.toFile(), State.class);
        if (s.offset() < 0 || s.size() < 0 || s.completed() < 0 || s.completed() > s.size()) {
            throw new IOException("corrupt download state " + stateFile);
        }
        return new DownloadPart(s.n(), s.offset(), s.size(), s.completed(), stateFile);
    }

    long startsAt() {
        return offset + completed.get();
    }

    long stopsAt() {
        return offset + size;
    }

    boolean isDone() {
        return completed.get() >= size;
    }

    /**
     * What the part still lacks, cut into chunks in file order: {@code chunkSize} bytes, shrinking near the end of
     * the blob ({@code blobSize}) to an eighth of what is left after them, down to {@code chunkSize / 8}. The
     * connections finish their last chunks together, and whatever they fetched beyond the slowest one is hashed only
     * after it; small last chunks keep that short (with 8 connections and 64 MiB chunks it was 0.4 s).
     */
    List<Chunk> chunks(long chunkSize, long blobSize) {
        List<Chunk> out = new ArrayList<>();
        for (long at = startsAt(), size; at < stopsAt(); at += size) {
            size = Math.min(Math.clamp((blobSize - at) / 8, Math.max(1, chunkSize / 8), chunkSize), stopsAt() - at);
            out.add(new Chunk(this, at, size));
        }
        chunks = out;
        return out;
    }

    private List<Chunk> chunks = List.of();

    /**
     * Moves {@link #completed} to the end of the part's written prefix (chunks finish out of order; only a prefix
     * can be kept in the state file) and saves it now and then.
     */
    synchronized void advance() throws IOException {
        long at = chunks.isEmpty() ? stopsAt() : chunks.getFirst().offset;
        for (Chunk c : chunks) {
            at += c.done.get();
            if (!c.isDone()) break;
        }
        completed.set(at - offset);
        saveEverySecond();
    }

    /** Writes the state file (atomically, so a crash leaves the old state or the new one). */
    synchronized void save() throws IOException {
        Path temp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        try {
            Files.write(temp, (Json.write(new State(n, offset, size, completed.get())) + "\n").getBytes());
            Files.move(temp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        lastSavedNanos = System.nanoTime();
    }

    /** Saves at most once a second while bytes flow, so a killed server loses little. */
    void saveEverySecond() throws IOException {
        if (System.nanoTime() - lastSavedNanos > 1_000_000_000L) save();
    }
}
