package dev.jollama.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.jollama.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The objects of a streamed answer (NDJSON), read as they arrive. {@link #close()} may be called from another
 * thread to cancel: the connection is dropped, which the server takes as the client going away, and iteration
 * ends without an error ({@link #cancelled()} tells it apart from a normal end).
 */
public final class ResponseStream<T> implements Iterable<T>, AutoCloseable {
    private final InputStream body;
    private final NdjsonReader reader;
    private final int status;
    private final Class<T> type;
    private static final ObjectReader OBJECT_READER =
            Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final ObjectMapper mapper = Json.mapper();
    private volatile boolean cancelled;
    private T next;
    private volatile boolean finished;

    ResponseStream(InputStream body, int status, Class<T> type) {
        this.body = body;
        this.reader = new NdjsonReader(body);
        this.status = status;
        this.type = type;
    }

    /**
     * The next object, or null at the end (or after a cancel).
     *
     * @throws OllamaException for an error the server answered, before or during the stream
     */
    public T read() throws IOException {
        if (finished) return null;
        while (true) {
            String line;
            try {
                line = reader.next();
            } catch (IOException e) {
                if (cancelled) return end();
                throw e;
            }
            if (cancelled) return end();
            if (line == null) {
                end();
                if (status >= 400) throw OllamaException.streamed(status, "", null);
                return null;
            }
            if (line.isEmpty()) continue;
            JsonNode node;
            try {
                node = OBJECT_READER.readTree(line);
                if (node == null || !node.isObject()) throw new IOException("not an object");
            } catch (IOException notJson) {
                end();
                if (status >= 400) throw OllamaException.streamed(status, line, null);
                throw new IOException(line);
            }
            String error = node.path("error").asText("");
            if (status >= 400) {
                end();
                String signin = node.path("signin_url").asText(null);
                throw OllamaException.streamed(status, error, signin);
            }
            if (!error.isEmpty()) {
                end();
                throw OllamaException.midStream(error);
            }
            return mapper.treeToValue(node, type);
        }
    }

    /** True when {@link #close()} ended the stream before the server did. */
    public boolean cancelled() {
        return cancelled;
    }

    /** Stops reading and drops the connection; safe to call from any thread, any number of times. */
    @Override
    public void close() {
        if (!finished) cancelled = true;
        try {
            body.close();
        } catch (IOException ignored) {
            // the connection is being dropped anyway
        }
    }

    private T end() {
        finished = true;
        try {
            body.close();
        } catch (IOException ignored) {
            // nothing more to read
        }
        return null;
    }

    /** Iterates the remaining objects; I/O errors surface as {@link UncheckedIOException}. */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (next == null && !finished) {
                    try {
                        next = read();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return next != null;
            }

            @Override
            public T next() {
                if (!hasNext()) throw new NoSuchElementException();
                T out = next;
                next = null;
                return out;
            }
        };
    }
}
