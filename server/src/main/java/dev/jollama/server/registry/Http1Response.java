package dev.jollama.server.registry;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * A response read from an {@link Http1Connection}: status, headers, and the body framed by Content-Length, chunked
 * transfer coding, or the end of the connection. Once the body has been read to its end the connection goes back
 * to the client's pool; closing the response earlier closes the connection.
 */
final class Http1Response implements AutoCloseable {
    private final Http1Client client;
    private final Http1Connection connection;
    private final URI uri;
    private final int status;
    private final Map<String, String> headers;
    private final boolean reusable;
    private final InputStream body;
    /** Body bytes still to come for a Content-Length body, -1 for the other framings. */
    private long remaining;
    private boolean finished;

    Http1Response(Http1Client client, Http1Connection connection, String method, URI uri, int status, Map<String, String> headers, boolean http10) {
        this.client = client;
        this.connection = connection;
        this.uri = uri;
        this.status = status;
        this.headers = headers;
        String conn = headers.getOrDefault("Connection", "").toLowerCase(Locale.ROOT);
        boolean keepAlive = http10 ? conn.contains("keep-alive") : !conn.contains("close");
        boolean noBody = method.equals("HEAD") || status == 204 || status == 304;
        String length = headers.get("Content-Length");
        if (noBody) {
            remaining = 0;
            body = new Framed();
        } else if (headers.getOrDefault("Transfer-Encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            remaining = -1;
            body = new Chunked();
        } else if (length != null) {
            try {
                remaining = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                remaining = -1;
                keepAlive = false;
            }
            body = remaining >= 0 ? new Framed() : new UntilClose();
        } else {
            remaining = -1;
            keepAlive = false;
            body = new UntilClose();
        }
        this.reusable = keepAlive;
        if (remaining == 0) finish();
    }

    int status() {
        return status;
    }

    /** The URL this response answers (after the redirects the caller followed). */
    URI uri() {
        return uri;
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** The body as a stream; closing it closes the response. */
    InputStream body() {
        return body;
    }

    /**
     * Writes up to {@code max} body bytes into {@code file} from {@code position} and returns how many: straight
     * from the connection's direct buffer when the body has a Content-Length, else through the stream.
     * {@code written} hears of every piece as soon as it is in the file.
     */
    long transferTo(FileChannel file, long position, long max, LongConsumer written) throws IOException {
        if (remaining < 0) return copyStream(file, position, max, written);
        ByteBuffer buffer = connection.buffer;
        long total = 0;
        while (total < max && remaining > 0) {
            if (!buffer.hasRemaining() && connection.fill() < 0) throw new EOFException("unexpected EOF");
            int n = (int) Math.min(buffer.remaining(), Math.min(max - total, remaining));
            ByteBuffer piece = buffer.slice(buffer.position(), n);
            while (piece.hasRemaining()) position += file.write(piece, position);
            buffer.position(buffer.position() + n);
            remaining -= n;
            total += n;
            written.accept(n);
        }
        if (remaining == 0) finish();
        return total;
    }

    private long copyStream(FileChannel file, long position, long max, LongConsumer written) throws IOException {
        byte[] chunk = new byte[256 * 1024];
        long total = 0;
        while (total < max) {
            int n = body.read(chunk, 0, (int) Math.min(chunk.length, max - total));
            if (n < 0) break;
            ByteBuffer piece = ByteBuffer.wrap(chunk, 0, n);
            while (piece.hasRemaining()) position += file.write(piece, position);
            total += n;
            written.accept(n);
        }
        return total;
    }

    /** Whether the whole body has been read. */
    boolean isFinished() {
        return finished;
    }

    private void finish() {
        if (finished) return;
        finished = true;
        if (reusable) client.release(connection);
        else connection.close();
    }

    /** Ends the response: the connection is pooled when its body was read to the end, else closed. */
    @Override
    public void close() {
        if (!finished) {
            finished = true;
            connection.close();
        }
    }

    /** Reads the body from the connection's buffer, refilling it from the socket. */
    private abstract class BodyStream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        /** Up to {@code len} bytes from the buffer, refilling it when empty; -1 when the socket ended. */
        int raw(byte[] b, int off, int len) throws IOException {
            ByteBuffer buffer = connection.buffer;
            if (!buffer.hasRemaining() && connection.fill() < 0) return -1;
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
        }

        @Override
        public void close() {
            Http1Response.this.close();
        }
    }

    /** A Content-Length body (or none). */
    private final class Framed extends BodyStream {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                finish();
                return -1;
            }
            if (len == 0) return 0;
            int n = raw(b, off, (int) Math.min(len, remaining));
            if (n < 0) throw new EOFException("unexpected EOF");
            remaining -= n;
            if (remaining == 0) finish();
            return n;
        }
    }

    /** A body that ends when the server closes the connection. */
    private final class UntilClose extends BodyStream {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (finished) return -1;
            if (len == 0) return 0;
            int n = raw(b, off, len);
            if (n < 0) finish();
            return n;
        }
    }

    /** The chunked transfer coding: hex size lines, data, and a trailer ended by an empty line. */
    private final class Chunked extends BodyStream {
        private long chunkLeft;
        private boolean last;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (last) return -1;
            if (len == 0) return 0;
            if (chunkLeft == 0) {
                chunkLeft = nextChunkSize();
                if (chunkLeft == 0) {
                    while (!line().isEmpty()) {
                        // trailer fields: ignored
                    }
                    last = true;
                    finish();
                    return -1;
                }
            }
            int n = raw(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) throw new EOFException("unexpected EOF in a chunked body");
            chunkLeft -= n;
            if (chunkLeft == 0 && !line().isEmpty()) throw new IOException("malformed chunked body");
            return n;
        }

        private long nextChunkSize() throws IOException {
            String line = line();
            int semi = line.indexOf(';');
            try {
                return Long.parseLong((semi < 0 ? line : line.substring(0, semi)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size: " + line);
            }
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder();
            byte[] one = new byte[1];
            while (true) {
                if (raw(one, 0, 1) < 0) throw new EOFException("unexpected EOF in a chunked body");
                if (one[0] == '\n') break;
                if (s.length() > 4096) throw new IOException("malformed chunked body");
                s.append((char) one[0]);
            }
            if (!s.isEmpty() && s.charAt(s.length() - 1) == '\r') s.setLength(s.length() - 1);
            return s.toString();
        }
    }
}
