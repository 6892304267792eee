package dev.jollama.server.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A forward HTTP proxy as companies run them, for tests: it demands {@code Proxy-Authorization} (407 without the
 * right one), forwards absolute-form requests ({@code GET http://host/path}) and tunnels {@code CONNECT host:port},
 * mapping the made-up host names of the test to loopback ports. Each forwarded request gets {@code Connection:
 * close}, so every request arrives on a connection of its own and is checked.
 */
final class ForwardProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String expectedAuthorization;
    private final Map<String, Integer> hosts;
    /** "METHOD target" of every request that passed the credentials check. */
    final List<String> accepted = Collections.synchronizedList(new ArrayList<>());
    /** "METHOD target" of every request refused with 407. */
    final List<String> refused = Collections.synchronizedList(new ArrayList<>());

    /** {@code hosts} maps "host:port" as the client names it to the loopback port it really is. */
    ForwardProxy(String expectedAuthorization, Map<String, Integer> hosts) throws IOException {
        this.expectedAuthorization = expectedAuthorization;
        this.hosts = hosts;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String head = readHead(in);
            if (head == null) return;
            String[] line = head.substring(0, head.indexOf("\r\n")).split(" ");
            String method = line[0], target = line[1];
            String auth = header(head, "Proxy-Authorization");
            if (!expectedAuthorization.equals(auth)) {
                refused.add(method + " " + target);
                out.write("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            accepted.add(method + " " + target);
            if (method.equals("CONNECT")) {
                Integer port = hosts.get(target.toLowerCase(Locale.ROOT));
                if (port == null) {
                    out.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    return;
                }
                try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    pipe(client, upstream);
                }
                return;
            }
            URI uri = URI.create(target);
            Integer port = uri.getScheme() == null ? null : hosts.get(uri.getRawAuthority().toLowerCase(Locale.ROOT));
            if (port == null) {
                out.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            String origin = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            StringBuilder forwarded = new StringBuilder(method).append(' ').append(origin).append(' ').append(line[2]).append("\r\n");
            for (String h : head.substring(head.indexOf("\r\n") + 2).split("\r\n")) {
                String name = h.contains(":") ? h.substring(0, h.indexOf(':')).strip().toLowerCase(Locale.ROOT) : "";
                if (h.isEmpty() || name.equals("proxy-authorization") || name.equals("connection")) continue;
                forwarded.append(h).append("\r\n");
            }
            forwarded.append("Connection: close\r\n\r\n");
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port)) {
                upstream.getOutputStream().write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
                pipe(client, upstream);
            }
        } catch (IOException e) {
            // the client or the registry went away
        }
    }

    /** Copies both ways until the upstream side closes. */
    private static void pipe(Socket client, Socket upstream) throws IOException {
        Thread up = Thread.ofVirtual().start(() -> {
            try {
                client.getInputStream().transferTo(upstream.getOutputStream());
            } catch (IOException ignored) {
                // closed
            }
        });
        try {
            upstream.getInputStream().transferTo(client.getOutputStream());
        } finally {
            client.shutdownOutput();
            up.interrupt();
        }
    }

    private static String header(String head, String name) {
        for (String h : head.split("\r\n")) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).strip().equalsIgnoreCase(name)) return h.substring(colon + 1).strip();
        }
        return "";
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int c; (c = in.read()) >= 0; ) {
            head.write(c);
            matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
            if (matched == 4) return head.toString(StandardCharsets.ISO_8859_1);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
