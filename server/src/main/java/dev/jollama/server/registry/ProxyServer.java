package dev.jollama.server.registry;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP proxy from the environment ({@code http://[user:password@]host[:port]}), and the
 * {@code Proxy-Authorization: Basic ..} its URL's credentials make, sent with every request through it as Go's
 * transport does (on the request itself for http targets, on the CONNECT for https ones). Null when it has none.
 */
record ProxyServer(String host, int port, String authorization) {

    /** Parses a proxy variable's value; a value without a scheme means http, as in Go. */
    static ProxyServer parse(String value) {
        URI u;
        try {
            u = URI.create(value.contains("://") ? value : "http://" + value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid proxy address (not a URL)");
        }
        if (u.getHost() == null) throw new IllegalArgumentException("invalid proxy address " + redacted(u));
        int port = u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
        String auth = null;
        String userInfo = u.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
            auth = new Credentials.Basic(user, password).header();
        }
        return new ProxyServer(u.getHost(), port, auth);
    }

    private static String decode(String s) {
        // percent escapes only: a '+' in a password stays a '+', as Go's url.PathUnescape keeps it
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String redacted(URI u) {
        return u.getRawUserInfo() == null ? u.toString() : u.toString().replace(u.getRawUserInfo(), "***");
    }

    /** "host:port" with the credentials left out, for messages. */
    @Override
    public String toString() {
        return host + ":" + port + (authorization == null ? "" : " (with credentials)");
    }
}
