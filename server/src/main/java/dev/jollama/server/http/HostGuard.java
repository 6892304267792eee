package dev.jollama.server.http;

import io.javalin.http.Context;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Locale;

/**
 * Ollama's defence against DNS rebinding, active only when the server listens on a loopback address: the Host
 * header must be a loopback, private, unspecified or local-interface IP, or "localhost", this machine's host name,
 * or end in .localhost, .local or .internal; anything else gets 403. An OPTIONS request to an allowed host name
 * gets 204 here.
 */
public final class HostGuard {
    private final boolean active;
    private final String hostname;

    public HostGuard(boolean loopbackListener) {
        this.active = loopbackListener;
        String h;
        try {
            h = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (Exception e) {
            h = "";
        }
        this.hostname = h;
    }

    /** True when the request is answered here. */
    public boolean handle(Context ctx) {
        if (!active) return false;
        String host = hostOnly(ctx.header("Host"));
        InetAddress ip = literalIp(host);
        if (ip != null) {
            if (ip.isLoopbackAddress() || isPrivate(ip) || ip.isAnyLocalAddress() || isLocalInterface(ip)) return false;
        } else if (allowedName(host)) {
            if (ctx.method().name().equals("OPTIONS")) {
                ctx.status(204).result("");
                return true;
            }
            return false;
        }
        ctx.status(403).result("");
        return true;
    }

    private boolean allowedName(String host) {
        host = host.toLowerCase(Locale.ROOT);
        if (host.isEmpty() || host.equals("localhost")) return true;
        if (!hostname.isEmpty() && host.equals(hostname)) return true;
        return host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal");
    }

    /** The host of a Host header, without port or IPv6 brackets (Go's net.SplitHostPort, else the whole value). */
    static String hostOnly(String header) {
        if (header == null) return "";
        if (header.startsWith("[")) {
            int end = header.indexOf(']');
            if (end > 0 && (end == header.length() - 1 || header.charAt(end + 1) == ':')) {
                return end == header.length() - 1 ? header : header.substring(1, end);
            }
            return header;
        }
        int colon = header.lastIndexOf(':');
        if (colon >= 0 && header.indexOf(':') == colon) return header.substring(0, colon);
        return header;
    }

    /** The address when {@code host} is an IP literal (never a DNS lookup), else null. */
    static InetAddress literalIp(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return InetAddress.ofLiteral(h);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Go's netip.Addr.IsPrivate: 10/8, 172.16/12, 192.168/16, fc00::/7. */
    static boolean isPrivate(InetAddress ip) {
        byte[] a = ip.getAddress();
        if (ip instanceof Inet4Address) {
            int b0 = a[0] & 0xff, b1 = a[1] & 0xff;
            return b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168);
        }
        return ip instanceof Inet6Address && (a[0] & 0xfe) == 0xfc;
    }

    private static boolean isLocalInterface(InetAddress ip) {
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a.equals(ip)) return true;
                }
            }
        } catch (SocketException e) {
            return false;
        }
        return false;
    }
}
