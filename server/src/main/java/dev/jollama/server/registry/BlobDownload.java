package dev.jollama.server.registry;

import dev.jollama.api.ProgressResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One blob being downloaded, shared by every pull that needs it. The blob is cut into parts fetched in parallel
 * with ranged GETs into a preallocated {@code <blob>-partial} file; each part's progress is kept in
 * {@code <blob>-partial-<N>} so an interrupted download (a cut connection, a killed server, a cancelled pull)
 * resumes where it stopped. A part that receives nothing for the stall timeout is restarted; other failures are
 * retried with exponential backoff. The finished file becomes the blob only once its sha256 matches.
 */
final class BlobDownload {
    private static final Logger log = LoggerFactory.getLogger(BlobDownload.class);

    /** Moves a finished partial file into the store as the blob {@code digest}; {@code actual} is what it hashed to. */
    interface Committer {
        void commit(Path file, String digest, String actual) throws IOException;
    }

    final String digest;
    final Path partial;
    private final TransferTuning tuning;
    private final List<DownloadPart> parts;
    final long total;
    final AtomicLong completed = new AtomicLong();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicInteger references = new AtomicInteger();
    private volatile boolean cancelled;
    private final Set<PartWriter> active = ConcurrentHashMap.newKeySet();

    private BlobDownload(String digest, Path partial, TransferTuning tuning, List<DownloadPart> parts) {
        this.digest = digest;
        this.partial = partial;
        this.tuning = tuning;
        this.parts = parts;
        long t = 0;
        for (DownloadPart p : parts) {
            t += p.size;
            completed.addAndGet(p.completed.get());
        }
        this.total = t;
    }

    /** Resumes from the state files next to {@code blob} when they describe a blob of {@code size} bytes, else starts anew. */
    static BlobDownload prepare(String digest, Path blob, long size, TransferTuning tuning) throws IOException {
        Path partial = blob.resolveSibling(blob.getFileName() + "-partial");
        Files.createDirectories(blob.getParent());
        List<DownloadPart> parts = readParts(partial);
        long known = parts.stream().mapToLong(p -> p.size).sum();
        if (!parts.isEmpty() && (known != size || !Files.exists(partial))) {
            log.info("discarding stale download state of {}", digest);
            for (DownloadPart p : parts) Files.deleteIfExists(p.stateFile);
            parts = new ArrayList<>();
        }
        if (parts.isEmpty()) {
            long partSize = tuning.partSize(size);
            for (long offset = 0; offset < size; offset += partSize) {
                DownloadPart p = new DownloadPart(parts.size(), offset, Math.min(partSize, size - offset), 0, DownloadPart.stateFile(partial, parts.size()));
                p.save();
                parts.add(p);
            }
        }
        BlobDownload d = new BlobDownload(digest, partial, tuning, parts);
        if (!parts.isEmpty()) log.info("downloading {} in {} {}-byte part(s), {} bytes already there", digest.substring(7, 19), parts.size(), parts.getFirst().size, d.completed.get());
        return d;
    }

    private static List<DownloadPart> readParts(Path partial) throws IOException {
        List<DownloadPart> parts = new ArrayList<>();
        String prefix = partial.getFileName() + "-";
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(partial.getParent(), prefix + "*")) {
            for (Path p : ds) {
                if (p.getFileName().toString().substring(prefix.length()).matches("\\d+")) parts.add(DownloadPart.read(p));
            }
        }
        parts.sort(Comparator.comparingLong(p -> p.offset));
        return parts;
    }

    // ---- running ----

    /** Downloads, verifies and commits, calls {@code onStop}, then completes {@link #done}. Runs on its own thread. */
    void run(RegistrySession session, URI blobUrl, Committer committer, Runnable onStop) {
        try {
            long t0 = System.nanoTime(), startedWith = completed.get();
            String actual = download(session, blobUrl);
            long t1 = System.nanoTime();
            try {
                committer.commit(partial, digest, actual);
                log.debug("{}: {} bytes downloaded and verified in {} s", digest.substring(7, 19), total - startedWith, (t1 - t0) / 1e9);
            } catch (IOException | RuntimeException e) {
                // a corrupt download cannot be resumed: start from nothing next time
                discardPartial();
                throw e;
            }
            for (DownloadPart p : parts) Files.deleteIfExists(p.stateFile);
            onStop.run();
            done.complete(null);
        } catch (Throwable t) {
            if (t instanceof CancellationException) log.info("download of {} cancelled at {} of {} bytes; it resumes on the next pull", digest.substring(7, 19), completed.get(), total);
            onStop.run();
            done.completeExceptionally(t);
        }
    }

    private void discardPartial() throws IOException {
        Files.deleteIfExists(partial);
        for (DownloadPart p : parts) Files.deleteIfExists(p.stateFile);
    }

    /** Fills the partial file and returns the sha256 of its content, computed as it fills. */
    private String download(RegistrySession session, URI blobUrl) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(partial.toFile(), "rw")) {
            if (raf.length() != total) raf.setLength(total);
            FileChannel file = raf.getChannel();
            PrefixHasher hasher = new PrefixHasher(file, total, this::writtenPrefix);
            CompletableFuture<String> hash = new CompletableFuture<>();
            Thread.ofVirtual().name("sha256-" + digest.substring(7, 19)).start(() -> {
                try {
                    hash.complete(hasher.run());
                } catch (Throwable t) {
                    hash.completeExceptionally(t);
                }
            });
            try {
                Queue<Chunk> queue = new ConcurrentLinkedQueue<>();
                for (DownloadPart p : parts) queue.addAll(p.chunks(tuning.chunkSize()));
                if (!queue.isEmpty()) fetchAll(session, directUrl(session, blobUrl), file, queue);
                checkCancelled();
                file.force(false);
                return hash.get();
            } finally {
                hasher.stop();
            }
        }
    }

    /** Where the file is written without a gap from its start. */
    private long writtenPrefix() {
        long at = 0;
        for (DownloadPart p : parts) {
            at += p.completed.get();
            if (!p.isDone()) break;
        }
        return at;
    }

    /** Fetches the chunks in file order on up to maxParts connections; the first failure stops them all at once. */
    private void fetchAll(RegistrySession session, URI direct, FileChannel file, Queue<Chunk> queue) throws Exception {
        int connections = Math.min(tuning.maxParts(), queue.size());
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < connections; i++) {
                pool.submit(() -> {
                    try {
                        for (Chunk c; (c = queue.poll()) != null; ) fetchChunk(session, direct, file, c);
                    } catch (Exception e) {
                        if (!(e instanceof CancellationException)) failure.compareAndSet(null, e);
                        cancel();
                    }
                });
            }
        }
        if (failure.get() != null) throw failure.get();
        for (DownloadPart p : parts) p.save();
    }

    /**
     * Where the bytes are: the registry's blob URL, or the first URL on another host it redirects to (a CDN),
     * which is then asked directly, without the registry's credentials. Retried for up to 30 s.
     */
    private URI directUrl(RegistrySession session, URI blobUrl) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int n = 1; ; n++) {
            checkCancelled();
            try {
                HttpResponse<InputStream> resp = session.get(blobUrl, Map.of("Range", "bytes=0-0"), true);
                resp.body().close();
                if (RegistrySession.isRedirect(resp.statusCode())) return blobUrl.resolve(resp.headers().firstValue("Location").orElseThrow());
                if (resp.statusCode() == 200 || resp.statusCode() == 206) return resp.uri();
                throw new RegistryException(resp.statusCode(), "unexpected status code " + resp.statusCode());
            } catch (RegistryException e) {
                throw e;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) throw e;
                log.warn("failed to get direct URL of {}; backing off and retrying: {}", digest.substring(7, 19), e.toString());
                Thread.sleep(Math.min(10_000, n * n * 10L));
            }
        }
    }

    private void fetchChunk(RegistrySession session, URI direct, FileChannel file, Chunk chunk) throws Exception {
        Exception last = null;
        for (int attempt = 0; attempt < tuning.maxRetries(); attempt++) {
            checkCancelled();
            try {
                transfer(session, direct, file, chunk);
                return;
            } catch (StallException e) {
                log.info("{} part {} stalled; retrying", digest.substring(7, 19), chunk.part.n);
                attempt--;
                continue;
            } catch (CancellationException e) {
                throw e;
            } catch (IOException e) {
                if (isDiskFull(e)) throw e;
                last = e;
                // an expired token: earn a new one before the next try
                if (e instanceof Unauthorized u) session.authorize(u.challenge);
            }
            long sleep = tuning.backoff(attempt).toMillis();
            log.info("{} part {} attempt {} failed: {}, retrying in {} ms", digest.substring(7, 19), chunk.part.n, attempt, last.getMessage(), sleep);
            Thread.sleep(sleep);
        }
        throw new IOException("max retries exceeded: " + (last == null ? "" : last.getMessage()), last);
    }

    /** One ranged GET of what the chunk still lacks. */
    private void transfer(RegistrySession session, URI direct, FileChannel file, Chunk chunk) throws IOException, InterruptedException {
        PartWriter writer = new PartWriter(chunk, file, completed);
        HttpRequest req = session.request(direct).header("Range", "bytes=" + chunk.startsAt() + "-" + (chunk.stopsAt() - 1)).GET().build();
        long started = System.nanoTime();
        active.add(writer);
        if (cancelled) writer.abort(new CancellationException("download cancelled"));
        CompletableFuture<HttpResponse<Long>> exchange = session.http().sendAsync(req, writer::handle);
        try {
            while (true) {
                try {
                    exchange.get(250, TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException e) {
                    if (receivedAll(writer)) return;
                    long quietSince = Math.max(chunk.lastProgressNanos, started);
                    if (cancelled) writer.abort(new CancellationException("download cancelled"));
                    else if (System.nanoTime() - quietSince > tuning.stallTimeout().toNanos()) writer.abort(new StallException());
                    if (writer.result().isCompletedExceptionally()) exchange.cancel(true);
                } catch (ExecutionException | CancellationException e) {
                    if (receivedAll(writer)) return;
                    throw failure(writer, e);
                }
            }
        } finally {
            active.remove(writer);
            chunk.part.advance();
            chunk.part.save();
        }
    }

    private static boolean receivedAll(PartWriter writer) {
        return writer.result().isDone() && !writer.result().isCompletedExceptionally();
    }

    /** The reason an attempt ended: ours (stall, cancel, disk) when we ended it, else the client's. */
    private static IOException failure(PartWriter writer, Exception e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        if (writer.result().isCompletedExceptionally()) {
            try {
                writer.result().join();
            } catch (Exception ours) {
                cause = ours.getCause() != null ? ours.getCause() : ours;
            }
        }
        if (cause instanceof CancellationException c) throw c;
        if (cause instanceof StallException s) throw s;
        if (cause instanceof RegistryException r && r.status() == 401 && writer.challenge != null && !writer.challenge.isEmpty()) {
            return new Unauthorized(writer.challenge);
        }
        return cause instanceof IOException io ? io : new IOException(cause);
    }

    private static boolean isDiskFull(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("No space left on device")) return true;
        }
        return false;
    }

    /** Stops every part now; what they received stays in the state files. */
    private void cancel() {
        cancelled = true;
        for (PartWriter w : active) w.abort(new CancellationException("download cancelled"));
    }

    private void checkCancelled() {
        if (cancelled) throw new CancellationException("download cancelled");
    }

    /** A 401 on a part: the token expired. */
    static final class Unauthorized extends RegistryException {
        final String challenge;

        Unauthorized(String challenge) {
            super(401, "401: unauthorized");
            this.challenge = challenge;
        }
    }

    /** A part that received nothing for the stall timeout. */
    static final class StallException extends RuntimeException {
        StallException() {
            super("part stalled");
        }
    }

    // ---- waiting ----

    /**
     * Waits for the download, reporting {@code pulling <digest12>} with the bytes so far every progress interval.
     * When the last waiter leaves (its client went away), the download stops; its state stays for a resume.
     */
    void await(Consumer<ProgressResponse> progress) throws IOException, InterruptedException {
        references.incrementAndGet();
        try {
            while (true) {
                try {
                    done.get(tuning.progressInterval().toMillis(), TimeUnit.MILLISECONDS);
                    progress.accept(progress(total));
                    return;
                } catch (TimeoutException e) {
                    progress.accept(progress(completed.get()));
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof IOException io) throw io;
                    if (c instanceof RuntimeException re) throw re;
                    throw new IOException(c);
                }
            }
        } finally {
            if (references.decrementAndGet() == 0 && !done.isDone()) cancel();
        }
    }

    private ProgressResponse progress(long bytes) {
        return new ProgressResponse("pulling " + digest.substring(7, 19), digest, total, bytes);
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** Blocks until the download has stopped, however it ended. */
    void awaitStopped() {
        try {
            done.handle((v, t) -> null).join();
        } catch (CancellationException ignored) {
            // stopped
        }
    }

    CompletableFuture<Void> done() {
        return done;
    }
}
