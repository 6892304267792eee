package dev.jollama.server.registry;

import dev.jollama.api.ProgressResponse;
import dev.jollama.server.store.Layer;
import dev.jollama.server.store.ModelName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Pushes one blob the way Ollama's upload.go does: HEAD (already there: done); POST an upload session, with
 * {@code ?mount=<digest>&from=<namespace/model>} for a layer that came from another model (201 = mounted, done);
 * PATCH the parts in order with {@code Content-Range: a-b} (a 307 sends a part to a signed URL instead, PUT there);
 * then PUT {@code ?digest=..&etag=<md5 of part md5s>-<parts>} to finish.
 */
final class BlobUpload {
    private static final Logger log = LoggerFactory.getLogger(BlobUpload.class);

    private final RegistrySession session;
    private final Layer layer;
    private final Path file;
    private final TransferTuning tuning;
    private final AtomicLong completed = new AtomicLong();

    BlobUpload(RegistrySession session, Layer layer, Path file, TransferTuning tuning) {
        this.session = session;
        this.layer = layer;
        this.file = file;
        this.tuning = tuning;
    }

    private String status() {
        return "pushing " + layer.digest().substring(7, 19);
    }

    void run(Consumer<ProgressResponse> progress) throws IOException, InterruptedException {
        if (exists()) {
            progress.accept(new ProgressResponse(status(), layer.digest(), layer.size(), layer.size()));
            return;
        }
        URI uploads = session.base().resolve("/v2/" + session.repository() + "/blobs/uploads/");
        if (layer.from() != null && !layer.from().isEmpty()) {
            ModelName from = ModelName.parse(layer.from());
            uploads = URI.create(uploads + "?mount=" + RegistrySession.queryEscape(layer.digest()) + "&from=" + RegistrySession.queryEscape(from.namespaceModel()));
        }
        HttpResponse<InputStream> started = session.send("POST", uploads, Map.of(), null);
        started.body().close();
        long total;
        try (FileChannel ch = FileChannel.open(file)) {
            total = ch.size();
        }
        if (started.statusCode() == 201) {
            progress.accept(new ProgressResponse(status(), layer.digest(), total, total));
            return;
        }
        URI first = location(started, uploads);
        CompletableFuture<Void> work = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("upload-" + layer.digest().substring(7, 19)).start(() -> {
            try {
                uploadParts(first, total);
                work.complete(null);
            } catch (Throwable t) {
                work.completeExceptionally(t);
            }
        });
        try {
            while (true) {
                try {
                    work.get(tuning.progressInterval().toMillis(), TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    progress.accept(new ProgressResponse(status(), layer.digest(), total, completed.get()));
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) throw io;
                    throw new IOException(e.getCause());
                }
            }
        } finally {
            worker.interrupt(); // a no-op when done; stops the upload when the client went away
        }
        progress.accept(new ProgressResponse(status(), layer.digest(), total, total));
    }

    private void uploadParts(URI next, long total) throws IOException, InterruptedException {
        MessageDigest etag = md5();
        long partSize = tuning.partSize(total);
        int parts = 0;
        for (long offset = 0; offset < total; offset += partSize, parts++) {
            byte[] partMd5 = new byte[16];
            next = uploadPart(next, offset, Math.min(partSize, total - offset), partMd5);
            etag.update(partMd5);
        }
        String query = "digest=" + RegistrySession.queryEscape(layer.digest()) + "&etag=" + HexFormat.of().formatHex(etag.digest()) + "-" + parts;
        URI finish = URI.create(next + (next.getRawQuery() == null ? "?" : "&") + query);
        session.send("PUT", finish, Map.of("Content-Type", "application/octet-stream"), null).body().close();
    }

    private boolean exists() throws IOException, InterruptedException {
        try {
            session.send("HEAD", session.url("blobs", layer.digest()), Map.of(), null).body().close();
            return true;
        } catch (RegistryException e) {
            if (e.status() == 404) return false;
            throw e;
        }
    }

    /** PATCHes one part (retrying), or PUTs it where a 307 points; returns the upload's next location. */
    private URI uploadPart(URI location, long offset, long size, byte[] md5Out) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < tuning.maxRetries(); attempt++) {
            long before = completed.get();
            try {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Content-Type", "application/octet-stream");
                headers.put("X-Redirect-Uploads", "1");
                headers.put("Content-Range", offset + "-" + (offset + size - 1));
                MessageDigest md5 = md5();
                HttpResponse<InputStream> resp = session.send("PATCH", location, headers, () -> section(offset, size, md5));
                resp.body().close();
                URI next = location(resp, location);
                if (resp.statusCode() == 307) {
                    completed.set(before);
                    URI signed = location.resolve(resp.headers().firstValue("Location").orElseThrow());
                    MessageDigest md5Put = md5();
                    HttpResponse<InputStream> put = session.send("PUT", signed, Map.of("Content-Type", "application/octet-stream"), () -> section(offset, size, md5Put));
                    put.body().close();
                    System.arraycopy(md5Put.digest(), 0, md5Out, 0, 16);
                } else {
                    System.arraycopy(md5.digest(), 0, md5Out, 0, 16);
                }
                return next;
            } catch (IOException e) {
                completed.set(before);
                last = e;
                long sleep = tuning.backoff(attempt).toMillis();
                log.info("{} part at {} attempt {} failed: {}, retrying in {} ms", layer.digest().substring(7, 19), offset, attempt, e.getMessage(), sleep);
                Thread.sleep(sleep);
            }
        }
        throw new IOException("max retries exceeded: " + last.getMessage(), last);
    }

    /** The part's bytes, counted into the progress and its md5 as they are sent. */
    private HttpRequest.BodyPublisher section(long offset, long size, MessageDigest md5) {
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                FileChannel ch = FileChannel.open(file);
                ch.position(offset);
                return new FilterInputStream(Channels.newInputStream(ch)) {
                    long left = size;

                    @Override
                    public int read() throws IOException {
                        byte[] one = new byte[1];
                        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (left <= 0) return -1;
                        int n = super.read(b, off, (int) Math.min(len, left));
                        if (n > 0) {
                            left -= n;
                            md5.update(b, off, n);
                            completed.addAndGet(n);
                        }
                        return n;
                    }
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), size);
    }

    private static URI location(HttpResponse<?> resp, URI base) throws RegistryException {
        Optional<String> loc = resp.headers().firstValue("Docker-Upload-Location").or(() -> resp.headers().firstValue("Location"));
        return base.resolve(loc.orElseThrow(() -> new RegistryException(resp.statusCode(), "registry gave no upload location")));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
