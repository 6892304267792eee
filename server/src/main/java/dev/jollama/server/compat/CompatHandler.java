package dev.jollama.server.compat;

import dev.jollama.server.http.ApiException;
import dev.jollama.server.http.ClientConnection;
import dev.jollama.server.http.Errors;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs a dialect's endpoint: a failure before anything was sent is answered as the dialect's error object with
 * its status (Ollama's status for native errors: 400, 404, 500, 503, ...); a failure once a stream has started
 * ends the stream with the dialect's error event.
 */
public final class CompatHandler {
    private static final Logger log = LoggerFactory.getLogger(CompatHandler.class);

    private CompatHandler() {}

    /** {@code endpoint} with its errors in {@code errors}' shape. */
    public static Handler of(ErrorShape errors, Handler endpoint) {
        return ctx -> {
            try {
                endpoint.handle(ctx);
            } catch (Sse.ClientGone e) {
                log.debug("client went away during {}", ctx.path());
            } catch (Exception e) {
                ApiException a = asApiError(e);
                String param = a instanceof InvalidParam p ? p.param() : null;
                Errors.json(ctx, a.status(), errors.body(a.status(), a.getMessage(), param));
            }
        };
    }

    /**
     * Streams an answer over SSE: {@code producer} writes events to the stream; an error after the first event ends
     * the stream with the dialect's error event, one before it propagates to {@link #of}'s status answer.
     */
    public static void stream(Context ctx, ErrorShape errors, Consumer<Sse> producer) {
        Sse sse = new Sse(ctx);
        try {
            producer.accept(sse);
        } catch (Sse.ClientGone e) {
            log.debug("client went away during a streamed {}", ctx.path());
        } catch (RuntimeException e) {
            if (!sse.started()) throw e;
            ApiException a = asApiError(e);
            try {
                errors.streamed(sse, a.status(), a.getMessage());
            } catch (Sse.ClientGone ignored) {
                // nobody left to tell
            }
        }
    }

    /**
     * Whether the client of a non-streamed request has gone (it closed its connection), probed on the socket as the
     * native path does, since nothing is written to it before the end. Call it once the body has been read.
     */
    public static BooleanSupplier clientGone(Context ctx) {
        return ClientConnection.of(ctx);
    }

    /** ApiExceptions keep their status; anything else is a 500 with its message, as Ollama answers unknown errors. */
    static ApiException asApiError(Exception e) {
        if (e instanceof ApiException a) return a;
        log.warn("request failed", e);
        String msg = e.getMessage();
        return new ApiException(500, msg == null ? e.getClass().getSimpleName() : msg);
    }
}
