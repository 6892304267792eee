package dev.jollama.server.generate;

import dev.jollama.server.http.ClientConnection;
import dev.jollama.server.http.Errors;
import dev.jollama.server.http.NdjsonResponse;
import io.javalin.http.Context;

import java.util.function.BinaryOperator;
import java.util.function.Consumer;

/**
 * Where generate and chat put their answers: {@link #whole} for the one-object answers (load, unload,
 * {@code _debug_render_only}), which Ollama never streams, and {@link #chunk} for the pieces of a generation.
 */
public interface Replies<T> {

    void whole(T reply);

    void chunk(T chunk);

    /** Both kinds to one consumer (the API dialects' seam). */
    static <T> Replies<T> to(Consumer<T> consumer) {
        return new Replies<>() {
            @Override
            public void whole(T reply) {
                consumer.accept(reply);
            }

            @Override
            public void chunk(T chunk) {
                consumer.accept(chunk);
            }
        };
    }

    /**
     * Over HTTP, as Ollama answers: one-object answers as {@code application/json}; chunks as NDJSON flushed per
     * chunk when streaming, else folded by {@code merge} into one object. Errors before the first chunk keep their
     * status; a failed write marks the client gone.
     */
    static <T> void overHttp(Context ctx, boolean streaming, BinaryOperator<Object> merge, ClientConnection client, Consumer<Replies<T>> body) {
        NdjsonResponse.respond(ctx, streaming, merge, sink -> body.accept(new Replies<T>() {
            @Override
            public void whole(T reply) {
                if (streaming) Errors.json(ctx, 200, reply);
                else sink.send(reply);
            }

            @Override
            public void chunk(T chunk) {
                try {
                    sink.send(chunk);
                } catch (NdjsonResponse.ClientGoneException e) {
                    client.markGone();
                    throw e;
                }
            }
        }));
    }
}
