package dev.jollama.server.registry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The proxy settings Ollama's Go client takes from the environment: HTTPS_PROXY for https URLs, HTTP_PROXY for
 * http ones (upper or lower case), NO_PROXY a comma list of hosts, domains (".example.com" or "example.com", which
 * covers its subdomains), host:port, or "*". Loopback hosts are never proxied, as in Go.
 */
final class EnvironmentProxy extends ProxySelector {
    private final Proxy https;
    private final Proxy http;
    private final List<String> noProxy;

    private EnvironmentProxy(Proxy https, Proxy http, List<String> noProxy) {
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
    }

    /** The selector the environment asks for, or null when it sets no proxy. */
    static ProxySelector from(Map<String, String> env) {
        Proxy https = proxy(get(env, "HTTPS_PROXY")), http = proxy(get(env, "HTTP_PROXY"));
        if (https == Proxy.NO_PROXY && http == Proxy.NO_PROXY) return null;
        List<String> no = List.of(get(env, "NO_PROXY").toLowerCase(Locale.ROOT).split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new EnvironmentProxy(https, http, no);
    }

    private static String get(Map<String, String> env, String key) {
        String v = env.get(key);
        if (v == null || v.isBlank()) v = env.get(key.toLowerCase(Locale.ROOT));
        return v == null ? "" : v.strip();
    }

    private static Proxy proxy(String value) {
        if (value.isEmpty()) return Proxy.NO_PROXY;
        URI u = URI.create(value.contains("://") ? value : "http://" + value);
        int port = u.getPort() > 0 ? u.getPort() : u.getScheme().equals("https") ? 443 : 80;
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(u.getHost(), port));
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (bypass(host, uri.getPort())) return List.of(Proxy.NO_PROXY);
        return List.of("https".equalsIgnoreCase(uri.getScheme()) ? https : http);
    }

    private boolean bypass(String host, int port) {
        if (host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]")) return true;
        for (String entry : noProxy) {
            if (entry.equals("*")) return true;
            String h = entry;
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && !entry.contains("]") && entry.indexOf(':') == colon) {
                if (!entry.substring(colon + 1).equals(String.valueOf(port))) continue;
                h = entry.substring(0, colon);
            }
            String domain = h.startsWith(".") ? h.substring(1) : h;
            if (host.equals(domain) || host.endsWith("." + domain)) return true;
        }
        return false;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // nothing to remember
    }
}
