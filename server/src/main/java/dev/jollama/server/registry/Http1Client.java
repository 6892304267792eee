package dev.jollama.server.registry;

import javax.net.ssl.SSLContext;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The HTTP/1.1 client the registry code speaks through: keep-alive connections pooled per route (scheme, host,
 * port, proxy), proxies chosen per URL from the environment, no redirects followed (the callers decide). It is ours
 * rather than the JDK's HttpClient because blob bytes must reach the file without the JDK client's per-buffer
 * heap copies and reactive hand-offs (measured: about half of curl's rate through it), and because the JDK client
 * will not send Basic credentials to a proxy on CONNECT unless a JVM-wide property is set before its first use.
 */
final class Http1Client {
    /** Where a connection goes: the target's scheme, host and port, and the proxy in between (null for none). */
    record Route(String scheme, String host, int port, ProxyServer proxy) {
        boolean tls() {
            return scheme.equals("https");
        }
    }

    /** A request body of known length, written anew for each try. */
    interface Body {
        long length();

        void writeTo(OutputStream out) throws IOException;

        static Body of(byte[] bytes) {
            return new Body() {
                @Override
                public long length() {
                    return bytes.length;
                }

                @Override
                public void writeTo(OutputStream out) throws IOException {
                    out.write(bytes);
                }
            };
        }
    }

    private static final int MAX_IDLE_PER_ROUTE = 16;
    private static final long MAX_IDLE_NANOS = 60_000_000_000L;
    private static final int CONNECT_TIMEOUT_MILLIS = 30_000;

    private final EnvironmentProxy proxies;
    private final SSLContext tls;
    private final Map<Route, Deque<Http1Connection>> idle = new HashMap<>();

    Http1Client(EnvironmentProxy proxies, SSLContext tls) {
        this.proxies = proxies;
        this.tls = tls;
    }

    Route route(URI uri) throws RegistryException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) throw new RegistryException("unsupported URL: " + uri);
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new Route(scheme, uri.getHost().toLowerCase(Locale.ROOT), port, proxies.select(uri));
    }

    /**
     * Sends one request and reads the response head. A pooled connection that fails before any response byte (the
     * server closed it while idle) is replaced by a new one once, as Go's transport does.
     */
    Http1Response send(String method, URI uri, Map<String, String> headers, Supplier<Body> body) throws IOException {
        return send(method, uri, headers, body, c -> { });
    }

    /** As {@link #send(String, URI, Map, Supplier)}; {@code using} is told the connection, which closing aborts the exchange. */
    Http1Response send(String method, URI uri, Map<String, String> headers, Supplier<Body> body, Consumer<Closeable> using) throws IOException {
        Route route = route(uri);
        while (true) {
            Http1Connection connection;
            try {
                connection = acquire(route);
            } catch (IOException e) {
                // Go's url.Error, which Ollama's messages carry: Get "http://...": dial tcp ...
                throw new IOException(method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT) + " \"" + uri + "\": " + e.getMessage(), e);
            }
            using.accept(connection);
            try {
                connection.writeRequest(method, uri, headers, body == null ? null : body.get());
                return connection.readResponse(this, method, uri);
            } catch (IOException | RuntimeException e) {
                connection.close();
                if (!connection.reused || connection.receivedAny || Thread.currentThread().isInterrupted()) throw e;
            }
        }
    }

    /** A connection of the route: an idle one from the pool, or a new one. */
    private Http1Connection acquire(Route route) throws IOException {
        synchronized (idle) {
            Deque<Http1Connection> q = idle.get(route);
            long now = System.nanoTime();
            while (q != null && !q.isEmpty()) {
                Http1Connection c = q.pollLast();
                if (c.isOpen() && now - c.idleSince < MAX_IDLE_NANOS) {
                    c.reused = true;
                    c.receivedAny = false;
                    return c;
                }
                c.close();
            }
        }
        return Http1Connection.open(route, tls, CONNECT_TIMEOUT_MILLIS);
    }

    /** Takes back a connection whose response was read to its end. */
    void release(Http1Connection connection) {
        if (!connection.isOpen() || connection.buffer.hasRemaining()) {
            // bytes beyond the response: the connection is out of step, not reusable
            connection.close();
            return;
        }
        connection.idleSince = System.nanoTime();
        synchronized (idle) {
            Deque<Http1Connection> q = idle.computeIfAbsent(connection.route, r -> new ArrayDeque<>());
            if (q.size() < MAX_IDLE_PER_ROUTE) {
                q.addLast(connection);
                return;
            }
        }
        connection.close();
    }
}
