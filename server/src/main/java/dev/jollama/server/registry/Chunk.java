package dev.jollama.server.registry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A piece of a part fetched with one ranged GET. Parts are cut into chunks handed out in file order, so the
 * partial file fills from the front and its sha256 can be computed while it downloads.
 */
final class Chunk {
    final DownloadPart part;
    final long offset;
    final long size;
    final AtomicLong done = new AtomicLong();
    volatile long lastProgressNanos = System.nanoTime();

    Chunk(DownloadPart part, long offset, long size) {
        this.part = part;
        this.offset = offset;
        this.size = size;
    }

    long startsAt() {
        return offset + done.get();
    }

    long stopsAt() {
        return offset + size;
    }

    boolean isDone() {
        return done.get() >= size;
    }
}
