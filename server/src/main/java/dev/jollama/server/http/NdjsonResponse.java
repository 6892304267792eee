package dev.jollama.server.http;

import dev.jollama.api.ErrorResponse;
import dev.jollama.api.Json;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BinaryOperator;

/**
 * Ollama's streamed answers. With streaming on, each chunk is one JSON line of {@code application/x-ndjson},
 * flushed at once; an error before the first chunk is a normal JSON error with its status, an error after it a
 * last line {@code {"error":"..."}} (the status is already 200). With streaming off the chunks are folded into one
 * object (pull, push and create keep the last one) sent as {@code application/json}. The producer runs on the
 * request's thread; when the client goes away the next {@link Sink#send} throws {@link ClientGoneException}.
 */
public final class NdjsonResponse {
    private static final Logger log = LoggerFactory.getLogger(NdjsonResponse.class);

    private NdjsonResponse() {}

    /** Where a producer puts its chunks. */
    public interface Sink {
        void send(Object chunk);
    }

    /** Produces the chunks of one response; throws {@link ApiException} for an error with a status. */
    public interface Producer {
        void run(Sink sink) throws Exception;
    }

    /** Thrown into the producer when the client has disconnected. */
    public static final class ClientGoneException extends RuntimeException {
        ClientGoneException(IOException cause) {
            super("client disconnected", cause);
        }
    }

    /** Pull, push and create: stream:false answers only the last status. */
    public static void progress(Context ctx, boolean streaming, Producer producer) {
        respond(ctx, streaming, (previous, next) -> next, producer);
    }

    public static void respond(Context ctx, boolean streaming, BinaryOperator<Object> merge, Producer producer) {
        if (streaming) stream(ctx, producer);
        else collect(ctx, merge, producer);
    }

    private static void stream(Context ctx, Producer producer) {
        boolean[] started = {false};
        OutputStream out;
        try {
            out = ctx.res().getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Sink sink = chunk -> {
            if (!started[0]) {
                ctx.status(200);
                ctx.res().setContentType("application/x-ndjson");
                started[0] = true;
            }
            writeLine(out, chunk);
        };
        try {
            producer.run(sink);
        } catch (ClientGoneException e) {
            log.debug("client went away during a streamed response");
        } catch (Exception e) {
            ApiException error = asApiError(e);
            if (!started[0]) {
                Errors.write(ctx, error.status(), error.getMessage());
            } else {
                try {
                    writeLine(out, new ErrorResponse(error.getMessage()));
                } catch (ClientGoneException ignored) {
                    // nobody to tell
                }
            }
        }
    }

    private static void collect(Context ctx, BinaryOperator<Object> merge, Producer producer) {
        Object[] acc = {null};
        try {
            producer.run(chunk -> acc[0] = acc[0] == null ? chunk : merge.apply(acc[0], chunk));
        } catch (Exception e) {
            ApiException error = asApiError(e);
            Errors.write(ctx, error.status(), error.getMessage());
            return;
        }
        Errors.json(ctx, 200, acc[0]);
    }

    private static void writeLine(OutputStream out, Object chunk) {
        try {
            out.write((Json.write(chunk) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    /** ApiExceptions keep their status; anything else is a 500 with its message, as Ollama answers unknown errors. */
    static ApiException asApiError(Exception e) {
        if (e instanceof ApiException a) return a;
        log.warn("request failed", e);
        String msg = e.getMessage();
        return new ApiException(500, msg == null ? e.getClass().getSimpleName() : msg);
    }
}
