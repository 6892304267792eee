package dev.jollama.server.registry;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The proxy settings Ollama's Go client takes from the environment: HTTPS_PROXY for https URLs, HTTP_PROXY for
 * http ones (upper or lower case), NO_PROXY a comma list of hosts, domains (".example.com" or "example.com", which
 * covers its subdomains), host:port, or "*". Loopback hosts are never proxied, as in Go. Credentials in a proxy URL
 * ({@code http://user:password@proxy:3128}) are sent to that proxy as Basic {@code Proxy-Authorization}.
 */
final class EnvironmentProxy {
    static final EnvironmentProxy NONE = new EnvironmentProxy(null, null, List.of(), null);

    private final ProxyServer https;
    private final ProxyServer http;
    private final List<String> noProxy;
    /** Why a proxy variable could not be read; every proxied request then fails with it, as in Go. */
    private final String invalid;

    private EnvironmentProxy(ProxyServer https, ProxyServer http, List<String> noProxy, String invalid) {
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
        this.invalid = invalid;
    }

    /** The settings the environment asks for ({@link #NONE} when it sets no proxy). */
    static EnvironmentProxy from(Map<String, String> env) {
        String httpsValue = get(env, "HTTPS_PROXY"), httpValue = get(env, "HTTP_PROXY");
        if (httpsValue.isEmpty() && httpValue.isEmpty()) return NONE;
        List<String> no = List.of(get(env, "NO_PROXY").toLowerCase(Locale.ROOT).split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        try {
            return new EnvironmentProxy(httpsValue.isEmpty() ? null : ProxyServer.parse(httpsValue), httpValue.isEmpty() ? null : ProxyServer.parse(httpValue), no, null);
        } catch (IllegalArgumentException e) {
            return new EnvironmentProxy(null, null, no, e.getMessage());
        }
    }

    private static String get(Map<String, String> env, String key) {
        String v = env.get(key);
        if (v == null || v.isBlank()) v = env.get(key.toLowerCase(Locale.ROOT));
        return v == null ? "" : v.strip();
    }

    /** The proxy for a URL, or null to connect directly. */
    ProxyServer select(URI uri) throws RegistryException {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (bypass(host, uri.getPort())) return null;
        if (invalid != null) throw new RegistryException("proxyconnect: " + invalid);
        return "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
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
}
