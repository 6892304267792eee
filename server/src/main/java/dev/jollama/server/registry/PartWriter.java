package dev.jollama.server.registry;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Receives one ranged GET of a chunk straight into the partial file at the chunk's position, counting progress as
 * it goes (no copy through the heap). It checks the answer is the range asked for, stops at the chunk's end, and
 * can be aborted from outside (stall, cancel).
 */
final class PartWriter implements HttpResponse.BodySubscriber<Long> {
    private final Chunk chunk;
    private final FileChannel file;
    private final AtomicLong blobCompleted;
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private long position;
    private long written;
    /** The WWW-Authenticate challenge of a 401 answer (an expired token), else null. */
    volatile String challenge;

    PartWriter(Chunk chunk, FileChannel file, AtomicLong blobCompleted) {
        this.chunk = chunk;
        this.file = file;
        this.blobCompleted = blobCompleted;
        this.position = chunk.startsAt();
    }

    /** The body handler: refuses anything but the requested range (206, or 200 when the range starts at 0). */
    HttpResponse.BodySubscriber<Long> handle(HttpResponse.ResponseInfo info) {
        int status = info.statusCode();
        boolean ok = status == 206 ? info.headers().firstValue("Content-Range").map(r -> r.startsWith("bytes " + position + "-")).orElse(false)
                : status == 200 && position == 0;
        if (status == 401) challenge = info.headers().firstValue("WWW-Authenticate").orElse("");
        if (!ok) result.completeExceptionally(new RegistryException(status, "unexpected response to a ranged blob request: " + status));
        return this;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (result.isDone()) s.cancel();
        else s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) return;
        boolean beyondRange = false;
        try {
            for (ByteBuffer b : buffers) {
                long left = chunk.stopsAt() - position;
                if (b.remaining() > left) {
                    b.limit(b.position() + (int) left);
                    beyondRange = true;
                }
                while (b.hasRemaining()) {
                    int n = file.write(b, position);
                    position += n;
                    written += n;
                    chunk.done.addAndGet(n);
                    blobCompleted.addAndGet(n);
                }
            }
            chunk.lastProgressNanos = System.nanoTime();
            chunk.part.advance();
        } catch (IOException e) {
            abort(e);
            return;
        }
        if (beyondRange) {
            // a server that ignored the range: stop reading (this closes the connection)
            subscription.cancel();
            result.complete(written);
        } else {
            // read to the end of the body even when the range is complete, so the connection can be reused
            subscription.request(1);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        if (position >= chunk.stopsAt()) result.complete(written);
        else result.completeExceptionally(new IOException("unexpected EOF"));
    }

    @Override
    public CompletionStage<Long> getBody() {
        return result;
    }

    /** Stops the transfer; the attempt ends with {@code reason}. */
    void abort(Throwable reason) {
        if (result.completeExceptionally(reason)) {
            Flow.Subscription s = subscription;
            if (s != null) s.cancel();
        }
    }

    CompletableFuture<Long> result() {
        return result;
    }
}
