package dev.jollama.server.http;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;

/**
 * Tells whether the client of a request has closed its connection, as Go's HTTP server tells Ollama through the
 * request's context. Jetty reads nothing from an HTTP/1.1 connection while a handler runs, so a client that gives
 * up on a long answer is only noticed at the next write; this probe reads the socket (without blocking) instead.
 * Call it only after the request body has been read: a byte read here would belong to a pipelined next request,
 * which HTTP clients do not send.
 */
public final class ClientConnection implements BooleanSupplier {
    private static final long PROBE_INTERVAL_NANOS = 10_000_000L;

    private final SocketChannel channel;
    private volatile boolean gone;
    private long lastProbe;

    private ClientConnection(SocketChannel channel) {
        this.channel = channel;
    }

    /** The probe of this request's connection (one that never reports a close when the transport is not a socket). */
    public static ClientConnection of(Context ctx) {
        SocketChannel channel = null;
        try {
            EndPoint ep = ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection().getEndPoint();
            if (ep instanceof SocketChannelEndPoint s && !s.getChannel().isBlocking()) channel = s.getChannel();
        } catch (RuntimeException e) {
            // not a Jetty socket connection: rely on write failures alone
        }
        return new ClientConnection(channel);
    }

    /** True once the client has closed the connection (checked at most every 10 ms). */
    @Override
    public boolean getAsBoolean() {
        if (gone || channel == null) return gone;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - lastProbe < PROBE_INTERVAL_NANOS) return gone;
            lastProbe = now;
            try {
                if (channel.read(ByteBuffer.allocate(1)) != 0) gone = true;
            } catch (IOException e) {
                gone = true;
            }
        }
        return gone;
    }

    /** Marks the client gone (a write to it failed). */
    public void markGone() {
        gone = true;
    }
}
