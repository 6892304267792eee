package dev.jollama.server.registry;

import dev.jollama.api.ProgressResponse;
import dev.jollama.server.store.Layer;
import dev.jollama.server.store.ModelName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
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
        Http1Response started = session.send("POST", uploads, Map.of(), null);
        started.body().close();
        long total;
        try (FileChannel ch = FileChannel.open(file)) {
            total = ch.size();
        }
        if (started.status() == 201) {
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
                Http1Response resp = session.send("PATCH", location, headers, () -> section(offset, size, md5));
                resp.body().close();
                URI next = location(resp, location);
                if (resp.status() == 307) {
                    completed.set(before);
                    URI signed = location.resolve(resp.header("Location").orElseThrow());
                    MessageDigest md5Put = md5();
                    Http1Response put = session.send("PUT", signed, Map.of("Content-Type", "application/octet-stream"), () -> section(offset, size, md5Put));
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
    private Http1Client.Body section(long offset, long size, MessageDigest md5) {
        return new Http1Client.Body() {
            @Override
            public long length() {
                return size;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                byte[] buffer = new byte[256 * 1024];
                try (FileChannel ch = FileChannel.open(file)) {
                    for (long at = offset, end = offset + size; at < end; ) {
                        ByteBuffer b = ByteBuffer.wrap(buffer, 0, (int) Math.min(buffer.length, end - at));
                        int n = ch.read(b, at);
                        if (n < 0) throw new IOException("blob " + layer.digest() + " is shorter than its manifest says");
                        md5.update(buffer, 0, n);
                        out.write(buffer, 0, n);
                        completed.addAndGet(n);
                        at += n;
                    }
                }
            }
        };
    }

    private static URI location(Http1Response resp, URI base) throws RegistryException {
        Optional<String> loc = resp.header("Docker-Upload-Location").or(() -> resp.header("Location"));
        return base.resolve(loc.orElseThrow(() -> new RegistryException(resp.status(), "registry gave no upload location")));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
