package dev.jollama.server.registry;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 connection to a registry (or a CDN it redirects to), directly or through a proxy. Plain http runs on
 * a {@link SocketChannel} read into a direct buffer, so blob bytes go from the socket to the file without passing
 * through the Java heap; https runs on an {@link SSLSocket} (the JDK's default trust store and hostname
 * verification), through a CONNECT tunnel when a proxy is set. Blocking I/O, meant for virtual threads; a
 * blocked read ends when another thread calls {@link #close()} or the reading thread is interrupted.
 */
final class Http1Connection implements Closeable {
    /** Read buffer size: large, so a blob body arrives in few system calls. */
    static final int BUFFER = 1 << 20;
    private static final int MAX_HEAD = 64 * 1024;

    final Http1Client.Route route;
    private final Closeable socket;
    private final ReadableByteChannel in;
    private final OutputStream out;
    /** Received, not yet consumed bytes are between position and limit. */
    final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER).flip();
    private volatile boolean closed;
    /** Set when taken from the pool: a failure before any response byte may then just be the server's idle close. */
    boolean reused;
    boolean receivedAny;
    long idleSince;

    private Http1Connection(Http1Client.Route route, Closeable socket, ReadableByteChannel in, OutputStream out) {
        this.route = route;
        this.socket = socket;
        this.in = in;
        this.out = out;
    }

    static Http1Connection open(Http1Client.Route route, SSLContext tls, int connectTimeoutMillis) throws IOException {
        ProxyServer proxy = route.proxy();
        InetSocketAddress address = proxy != null ? new InetSocketAddress(proxy.host(), proxy.port()) : new InetSocketAddress(unbracket(route.host()), route.port());
        if (!route.tls()) {
            SocketChannel channel = SocketChannel.open();
            try {
                dial(channel.socket(), address, connectTimeoutMillis, proxy != null);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                return new Http1Connection(route, channel, channel, new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
        Socket raw = new Socket();
        try {
            dial(raw, address, connectTimeoutMillis, proxy != null);
            raw.setTcpNoDelay(true);
            if (proxy != null) tunnel(raw, route);
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(raw, unbracket(route.host()), route.port(), true);
            SSLParameters params = socket.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(params);
            try {
                socket.startHandshake();
            } catch (SSLHandshakeException e) {
                if (String.valueOf(e.getMessage()).contains("PKIX")) {
                    throw new SSLHandshakeException("tls: failed to verify certificate: x509: certificate signed by unknown authority", e);
                }
                throw e;
            }
            // closing the plain socket (not the TLS one) is what unblocks a read in another thread at once
            return new Http1Connection(route, raw, Channels.newChannel(socket.getInputStream()), new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Connects, failing in Go's words ({@code dial tcp 127.0.0.1:5000: connect: connection refused}, with
     * {@code proxyconnect tcp: } before it when the proxy is what could not be reached), as Ollama's errors read.
     */
    private static void dial(Socket socket, InetSocketAddress address, int timeoutMillis, boolean proxy) throws IOException {
        try {
            socket.connect(address, timeoutMillis);
        } catch (IOException | UnresolvedAddressException e) {
            String reason = address.isUnresolved() ? "dial tcp: lookup " + address.getHostString() + ": no such host"
                    : "dial tcp " + hostPort(address) + ": " + switch (e) {
                        case SocketTimeoutException t -> "i/o timeout";
                        case ConnectException c when String.valueOf(c.getMessage()).contains("refused") -> "connect: connection refused";
                        case NoRouteToHostException n -> "connect: no route to host";
                        default -> "connect: " + e.getMessage();
                    };
            throw new IOException(proxy ? "proxyconnect tcp: " + reason : reason, e);
        }
    }

    private static String hostPort(InetSocketAddress a) {
        String ip = a.getAddress().getHostAddress();
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + a.getPort();
    }

    /** Asks the proxy for a tunnel to the route's host; anything but 2xx is an error naming the proxy's answer. */
    private static void tunnel(Socket raw, Http1Client.Route route) throws IOException {
        String authority = route.host() + ":" + route.port();
        StringBuilder head = new StringBuilder("CONNECT ").append(authority).append(" HTTP/1.1\r\nHost: ").append(authority).append("\r\n");
        if (route.proxy().authorization() != null) head.append("Proxy-Authorization: ").append(route.proxy().authorization()).append("\r\n");
        head.append("\r\n");
        OutputStream o = raw.getOutputStream();
        o.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        o.flush();
        // byte by byte: nothing after the proxy's answer may be taken from the socket, it belongs to TLS
        InputStream i = raw.getInputStream();
        StringBuilder answer = new StringBuilder();
        while (!answer.toString().endsWith("\r\n\r\n")) {
            int c = i.read();
            if (c < 0) throw new EOFException("proxy " + route.proxy() + " closed the connection during CONNECT");
            if (answer.length() > MAX_HEAD) throw new IOException("proxy " + route.proxy() + " sent an oversized CONNECT answer");
            answer.append((char) c);
        }
        String status = answer.substring(0, answer.indexOf("\r\n"));
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[1].startsWith("2")) throw new IOException("proxy " + route.proxy() + " refused CONNECT " + authority + ": " + status);
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Sends the request head (and the body, if any) and flushes. */
    void writeRequest(String method, URI uri, Map<String, String> headers, Http1Client.Body body) throws IOException {
        boolean absoluteForm = route.proxy() != null && !route.tls();
        StringBuilder head = new StringBuilder(method).append(' ').append(absoluteForm ? absolute(uri) : origin(uri)).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort()).append("\r\n");
        if (absoluteForm && route.proxy().authorization() != null) head.append("Proxy-Authorization: ").append(route.proxy().authorization()).append("\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getValue().indexOf('\r') >= 0 || h.getValue().indexOf('\n') >= 0) throw new IllegalArgumentException("header " + h.getKey() + " has a line break");
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (body != null) head.append("Content-Length: ").append(body.length()).append("\r\n");
        else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) head.append("Content-Length: 0\r\n");
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) body.writeTo(out);
        out.flush();
    }

    private static String origin(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private static String absolute(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + origin(uri);
    }

    /** Reads a response head, skipping 1xx answers; the body is left for {@link Http1Response} to read. */
    Http1Response readResponse(Http1Client client, String method, URI uri) throws IOException {
        while (true) {
            String statusLine = readLine();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) throw new IOException("malformed HTTP status line from " + uri.getAuthority() + ": " + statusLine);
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("malformed HTTP status line from " + uri.getAuthority() + ": " + statusLine);
            }
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            int size = statusLine.length();
            for (String line; !(line = readLine()).isEmpty(); ) {
                size += line.length();
                if (size > MAX_HEAD) throw new IOException("oversized response head from " + uri.getAuthority());
                int colon = line.indexOf(':');
                if (colon <= 0) continue;
                // repeated headers are joined with ", " as HTTP allows; the registry headers read here are single
                headers.merge(line.substring(0, colon).strip(), line.substring(colon + 1).strip(), (a, b) -> a + ", " + b);
            }
            if (status >= 100 && status < 200) continue;
            return new Http1Response(client, this, method, uri, status, headers, parts[0].equals("HTTP/1.0"));
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (!buffer.hasRemaining() && fill() < 0) {
                throw new EOFException(line.isEmpty() && !receivedAny ? "connection closed before a response" : "connection closed in a response head");
            }
            receivedAny = true;
            byte b = buffer.get();
            if (b == '\n') {
                int len = line.length();
                if (len > 0 && line.charAt(len - 1) == '\r') line.setLength(len - 1);
                return line.toString();
            }
            if (line.length() > MAX_HEAD) throw new IOException("oversized response header line");
            line.append((char) (b & 0xff));
        }
    }

    /** Reads what the socket has into the (consumed) buffer; returns the count, -1 at the end of the stream. */
    int fill() throws IOException {
        buffer.clear();
        int n;
        try {
            n = in.read(buffer);
        } finally {
            buffer.flip();
        }
        return n;
    }

    /** Whether the socket is still open (not closed by us or by an abort). */
    boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
