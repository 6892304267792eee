package dev.jollama.server.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small HTTP proxy in front of the test registry that counts the blob bytes it serves and can break them: cut
 * the connection after some bytes, stop sending (a stall), or flip one byte of a blob. It also answers
 * {@code /token} itself, so a registry with token auth has its realm on its own host, as registries do.
 * Every request gets {@code Connection: close}, so one connection carries one exchange.
 */
final class FaultProxy implements AutoCloseable {
    private static final Pattern BLOB_GET = Pattern.compile("^GET /v2/.+/blobs/sha256:[0-9a-f]{64} ");
    private static final Pattern CONTENT_RANGE = Pattern.compile("(?im)^content-range:\\s*bytes (\\d+)-");

    private final ServerSocket server;
    volatile int upstreamPort;
    /** Blob body bytes sent to clients, in total. */
    final AtomicLong blobBytes = new AtomicLong();
    /** When >= 0: once this many blob bytes have been sent in total, the connection is closed (once). */
    final AtomicLong cutAt = new AtomicLong(-1);
    /** When >= 0: once this many blob bytes have been sent in total, sending stops until the client gives up (once). */
    final AtomicLong stallAt = new AtomicLong(-1);
    /** When >= 0: the byte at this offset of every blob served is flipped. */
    volatile long flipOffset = -1;
    final AtomicInteger cuts = new AtomicInteger();
    final AtomicInteger stalls = new AtomicInteger();
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    /**
     * When > 0: so many ranged blob GETs (not the one-byte probe) are answered 401 with {@link #challenge}, as a
     * registry answers a request whose token has expired.
     */
    final AtomicInteger refuseBlobRanges = new AtomicInteger();
    volatile String challenge = "";
    /** The Authorization header of every blob GET, in arrival order. */
    final List<String> blobAuthorizations = Collections.synchronizedList(new ArrayList<>());
    /** Answers GET /token: (request target, headers) to a JSON body; null = 404. */
    volatile BiFunction<String, Map<String, String>, String> tokens;

    FaultProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    String authority() {
        return "127.0.0.1:" + port();
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
            String head = readHead(in);
            if (head == null) return;
            String requestLine = head.substring(0, head.indexOf("\r\n"));
            requests.add(requestLine);
            Map<String, String> headers = headers(head);
            String target = requestLine.split(" ")[1];
            if (target.startsWith("/token")) {
                answerToken(client.getOutputStream(), target, headers);
                return;
            }
            if (BLOB_GET.matcher(requestLine + " ").find()) {
                blobAuthorizations.add(headers.getOrDefault("authorization", ""));
                String range = headers.getOrDefault("range", "bytes=0-0");
                if (!range.equals("bytes=0-0") && refuseBlobRanges.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    client.getOutputStream().write(("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: " + challenge
                            + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1));
                    return;
                }
            }
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
                OutputStream up = upstream.getOutputStream();
                up.write(withConnectionClose(head).getBytes(StandardCharsets.ISO_8859_1));
                up.flush();
                Thread body = Thread.ofVirtual().start(() -> {
                    try {
                        in.transferTo(up);
                    } catch (IOException ignored) {
                        // either side closed
                    }
                });
                InputStream down = upstream.getInputStream();
                String responseHead = readHead(down);
                if (responseHead == null) return;
                OutputStream out = client.getOutputStream();
                out.write(responseHead.getBytes(StandardCharsets.ISO_8859_1));
                int status = Integer.parseInt(responseHead.split(" ")[1]);
                boolean blob = BLOB_GET.matcher(requestLine + " ").find() && (status == 200 || status == 206);
                long start = 0;
                Matcher m = CONTENT_RANGE.matcher(responseHead);
                if (m.find()) start = Long.parseLong(m.group(1));
                if (blob) relayBlob(down, out, client, start);
                else down.transferTo(out);
                out.flush();
                body.interrupt();
            }
        } catch (IOException ignored) {
            // a side went away
        }
    }

    private void relayBlob(InputStream down, OutputStream out, Socket client, long offset) throws IOException {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = down.read(buf)) > 0) {
            long flip = flipOffset;
            if (flip >= offset && flip < offset + n) buf[(int) (flip - offset)] ^= 0x5a;
            long sent = blobBytes.get();
            long cut = cutAt.get(), stall = stallAt.get();
            long limit = cut >= 0 && sent + n >= cut ? cut - sent : stall >= 0 && sent + n >= stall ? stall - sent : n;
            if (limit < n) {
                int part = (int) Math.max(0, limit);
                out.write(buf, 0, part);
                out.flush();
                blobBytes.addAndGet(part);
                if (cut >= 0 && cutAt.compareAndSet(cut, -1)) {
                    cuts.incrementAndGet();
                    client.shutdownOutput(); // the client sees an early end of the body
                    return;
                }
                if (stall >= 0 && stallAt.compareAndSet(stall, -1)) {
                    stalls.incrementAndGet();
                    // send nothing more; wait until the client gives up on this connection
                    client.getInputStream().transferTo(OutputStream.nullOutputStream());
                    return;
                }
                out.write(buf, part, n - part);
                blobBytes.addAndGet(n - part);
            } else {
                out.write(buf, 0, n);
                blobBytes.addAndGet(n);
            }
            offset += n;
        }
    }

    private void answerToken(OutputStream out, String target, Map<String, String> headers) throws IOException {
        BiFunction<String, Map<String, String>, String> t = tokens;
        String body = t == null ? null : t.apply(target, headers);
        String status = body == null ? "404 Not Found" : body.startsWith("!") ? "401 Unauthorized" : "200 OK";
        if (body == null) body = "{}";
        if (body.startsWith("!")) body = body.substring(1);
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(b);
        out.flush();
    }

    private static String withConnectionClose(String head) {
        StringBuilder sb = new StringBuilder();
        for (String line : head.split("\r\n")) {
            if (line.isEmpty()) continue;
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("connection:") || lower.startsWith("keep-alive:") || lower.startsWith("upgrade:")
                    || lower.startsWith("http2-settings:")) continue;
            sb.append(line).append("\r\n");
        }
        return sb.append("Connection: close\r\n\r\n").toString();
    }

    private static Map<String, String> headers(String head) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] lines = head.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            if (c > 0) out.put(lines[i].substring(0, c).strip().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).strip());
        }
        return out;
    }

    /** Reads up to and including the blank line that ends an HTTP head; null at end of stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0, c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) ? state + 1 : (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            if (state == 4) return b.toString(StandardCharsets.ISO_8859_1);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
