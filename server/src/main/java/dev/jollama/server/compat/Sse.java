package dev.jollama.server.compat;

import dev.jollama.api.Json;
import dev.jollama.server.http.ClientConnection;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A server-sent-event stream ({@code text/event-stream}): each event is {@code event: <name>} (when named) and
 * {@code data: <json>} lines closed by a blank line, flushed at once. The status (200) and headers go out with
 * the first event, so an error found before it can still be answered with its own status. A write that fails
 * means the client went away: {@link ClientGone} is thrown and {@link #clientGone()} turns true; between writes
 * (a long prompt, thinking that is not streamed yet) the socket is probed. Create it once the body has been read.
 */
public final class Sse implements EventSink {
    private final Context ctx;
    private OutputStream out;
    private boolean started;
    private final ClientConnection connection;
    private volatile boolean gone;

    public Sse(Context ctx) {
        this.ctx = ctx;
        this.connection = ClientConnection.of(ctx);
    }

    /** Thrown by a write once the client has disconnected. */
    public static final class ClientGone extends RuntimeException {
        ClientGone(IOException cause) {
            super("client disconnected", cause);
        }
    }

    @Override
    public void data(Object payload) {
        write("data: " + Json.write(payload) + "\n\n");
    }

    @Override
    public void event(String name, Object payload) {
        write("event: " + name + "\ndata: " + Json.write(payload) + "\n\n");
    }

    @Override
    public void done() {
        write("data: [DONE]\n\n");
    }

    public boolean started() {
        return started;
    }

    public boolean clientGone() {
        return gone || connection.getAsBoolean();
    }

    private void write(String text) {
        if (gone) throw new ClientGone(new IOException("client disconnected"));
        try {
            if (!started) {
                ctx.status(200);
                ctx.res().setContentType("text/event-stream");
                ctx.res().setHeader("Cache-Control", "no-cache");
                out = ctx.res().getOutputStream();
                started = true;
            }
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            gone = true;
            throw new ClientGone(e);
        }
    }
}
