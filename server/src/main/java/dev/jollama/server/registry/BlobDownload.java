package dev.jollama.server.registry;

import dev.jollama.api.ProgressResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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

    /** How many received bytes the file's background flush waits for. */
    static final long FLUSH_EVERY = 64L << 20;

    final String digest;
    final Path partial;
    private final TransferTuning tuning;
    private final List<DownloadPart> parts;
    final long total;
    final AtomicLong completed = new AtomicLong();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicInteger references = new AtomicInteger();
    private volatile boolean cancelled;
    private final Set<Transfer> active = ConcurrentHashMap.newKeySet();

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
            try {
                for (long offset = 0; offset < size; offset += partSize) {
                    DownloadPart p = new DownloadPart(parts.size(), offset, Math.min(partSize, size - offset), 0, DownloadPart.stateFile(partial, parts.size()));
                    parts.add(p);
                    p.save();
                }
            } catch (IOException e) {
                for (DownloadPart p : parts) Files.deleteIfExists(p.stateFile);
                if (isDiskFull(e)) throw new IOException("write " + parts.getLast().stateFile + ": no space left on device", e);
                throw e;
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
            if (t instanceof IOException io && isDiskFull(io)) t = diskFull(io);
            onStop.run();
            done.completeExceptionally(t);
        }
    }

    /**
     * A full disk: the partial download is removed, so the store is as it was and the space it took is free again,
     * and the error reads as Go's does ({@code write <file>: no space left on device}).
     */
    private IOException diskFull(IOException e) {
        log.warn("no space left for {} ({} of {} bytes written); removing the partial download", digest.substring(7, 19), completed.get(), total);
        try {
            discardPartial();
        } catch (IOException | RuntimeException ignored) {
            // what could not be removed is pruned at the next start
        }
        return new IOException("write " + partial + ": no space left on device", e);
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
            // platform threads for the CPU-bound hash and the blocking flush: on virtual threads they would wait for
            // the carriers the receiving connections hold, and the hash fell up to 0.4 s behind the last byte
            Thread.ofPlatform().daemon().name("sha256-" + digest.substring(7, 19)).start(() -> {
                try {
                    hash.complete(hasher.run());
                } catch (Throwable t) {
                    hash.completeExceptionally(t);
                }
            });
            AtomicBoolean received = new AtomicBoolean();
            Thread flusher = Thread.ofPlatform().daemon().name("flush-" + digest.substring(7, 19)).start(() -> flushWhileFilling(file, received));
            try {
                Queue<Chunk> queue = new ConcurrentLinkedQueue<>();
                for (DownloadPart p : parts) queue.addAll(p.chunks(tuning.chunkSize(), total));
                long t0 = System.nanoTime();
                if (!queue.isEmpty()) fetchAll(session, directUrl(session, blobUrl), file, queue);
                checkCancelled();
                long t1 = System.nanoTime(), hashedAtEnd = hasher.hashed();
                file.force(false);
                long t2 = System.nanoTime();
                String sha = hash.get();
                log.debug("{}: received in {} ms ({} MiB hashed then), flushed in {} ms, hashed {} ms after that", digest.substring(7, 19),
                        (t1 - t0) / 1_000_000, hashedAtEnd >> 20, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
                return sha;
            } finally {
                received.set(true); // not an interrupt: that would close the file channel under a force()
                flusher.join();
                hasher.stop();
            }
        }
    }

    /**
     * Has the kernel write the file to disk every {@link #FLUSH_EVERY} bytes received, so making the finished file
     * durable has only the last few MB left to write rather than the whole blob (300 ms per GiB here).
     */
    private void flushWhileFilling(FileChannel file, AtomicBoolean stop) {
        long flushed = completed.get();
        while (!stop.get() && flushed < total) {
            if (completed.get() - flushed < FLUSH_EVERY) {
                LockSupport.parkNanos(20_000_000);
                continue;
            }
            flushed = completed.get();
            try {
                file.force(false);
            } catch (IOException e) {
                return; // the final force reports it
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

    /**
     * Fetches the chunks in file order on a number of connections chosen from the measured rate ({@link
     * ConnectionGrowth}), at most maxConnections; restarts requests that stall; the first failure stops them all at once.
     */
    private void fetchAll(RegistrySession session, URI direct, FileChannel file, Queue<Chunk> queue) throws Exception {
        int most = Math.min(tuning.maxConnections(), queue.size());
        AtomicReference<Exception> failure = new AtomicReference<>();
        Semaphore ended = new Semaphore(0);
        Runnable worker = () -> {
            try {
                for (Chunk c; (c = queue.poll()) != null; ) fetchChunk(session, direct, file, c);
            } catch (Exception e) {
                if (!(e instanceof CancellationException)) failure.compareAndSet(null, e);
                cancel();
            } finally {
                ended.release();
            }
        };
        ConnectionGrowth growth = new ConnectionGrowth(most, tuning.startConnections(), System.nanoTime(), completed.get());
        int started = 0;
        for (; started < growth.connections(); started++) Thread.ofVirtual().name("part-" + digest.substring(7, 19)).start(worker);
        while (!ended.tryAcquire(started, 250, TimeUnit.MILLISECONDS)) {
            restartStalled();
            int wanted = growth.update(System.nanoTime(), completed.get());
            for (; started < wanted && !queue.isEmpty() && !cancelled; started++) Thread.ofVirtual().name("part-" + digest.substring(7, 19)).start(worker);
        }
        if (started > 1) log.debug("{} fetched on {} connections", digest.substring(7, 19), started);
        if (failure.get() != null) throw failure.get();
        for (DownloadPart p : parts) p.save();
    }

    /** Aborts the requests that received nothing for the stall timeout; their chunks are asked again. */
    private void restartStalled() {
        long now = System.nanoTime(), limit = tuning.stallTimeout().toNanos();
        for (Transfer t : active) {
            if (now - Math.max(t.chunk.lastProgressNanos, t.started) > limit) t.abort(new StallException());
        }
    }

    /**
     * Where the bytes are: the registry's blob URL, or the first URL on another host it redirects to (a CDN),
     * which is then asked directly, without the registry's credentials. Retried for up to 30 s.
     */
    private URI directUrl(RegistrySession session, URI blobUrl) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int n = 1; ; n++) {
            checkCancelled();
            try (Http1Response resp = session.get(blobUrl, Map.of("Range", "bytes=0-0"), true)) {
                if (RegistrySession.isRedirect(resp.status())) return blobUrl.resolve(resp.header("Location").orElseThrow());
                if (resp.status() == 200 || resp.status() == 206) return resp.uri();
                throw new RegistryException(resp.status(), "unexpected status code " + resp.status());
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

    /**
     * One ranged GET of what the chunk still lacks, written into the file as it arrives. Only the requested range
     * is accepted (206 with a matching Content-Range, or 200 when the range starts at 0).
     */
    private void transfer(RegistrySession session, URI direct, FileChannel file, Chunk chunk) throws IOException {
        Transfer t = new Transfer(chunk);
        active.add(t);
        try {
            checkCancelled();
            long from = chunk.startsAt(), to = chunk.stopsAt();
            Map<String, String> headers = session.headers(direct, Map.of("Range", "bytes=" + from + "-" + (to - 1)));
            try (Http1Response resp = session.http().send("GET", direct, headers, null, t::attach)) {
                int status = resp.status();
                boolean ok = status == 206 ? resp.header("Content-Range").map(r -> r.startsWith("bytes " + from + "-")).orElse(false)
                        : status == 200 && from == 0;
                if (!ok) {
                    String challenge = resp.header("WWW-Authenticate").orElse("");
                    if (status == 401 && !challenge.isEmpty()) throw new Unauthorized(challenge);
                    throw new RegistryException(status, "unexpected response to a ranged blob request: " + status);
                }
                // a server that sends more than the range (a whole blob with 200) loses the connection at close
                resp.transferTo(file, from, to - from, n -> received(chunk, n));
                if (chunk.startsAt() < to) throw new EOFException("unexpected EOF");
            }
        } catch (IOException | RuntimeException e) {
            // ours (stall, cancel) when we closed the connection, else what the connection said
            if (t.reason instanceof CancellationException c) throw c;
            if (t.reason instanceof StallException s) throw s;
            if (e instanceof UncheckedIOException u) throw u.getCause();
            throw e;
        } finally {
            active.remove(t);
            chunk.part.advance();
            chunk.part.save();
        }
    }

    private void received(Chunk chunk, long n) {
        chunk.done.addAndGet(n);
        completed.addAndGet(n);
        chunk.lastProgressNanos = System.nanoTime();
        try {
            chunk.part.advance();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request under way, which the stall watchdog and {@link #cancel()} end by closing its connection. */
    private static final class Transfer {
        final Chunk chunk;
        final long started = System.nanoTime();
        private Closeable connection;
        volatile Throwable reason;

        Transfer(Chunk chunk) {
            this.chunk = chunk;
        }

        synchronized void attach(Closeable c) {
            connection = c;
            if (reason != null) closeQuietly(c);
        }

        synchronized void abort(Throwable why) {
            if (reason != null) return;
            reason = why;
            if (connection != null) closeQuietly(connection);
        }

        private static void closeQuietly(Closeable c) {
            try {
                c.close();
            } catch (IOException ignored) {
                // aborting
            }
        }
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
        for (Transfer t : active) t.abort(new CancellationException("download cancelled"));
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
