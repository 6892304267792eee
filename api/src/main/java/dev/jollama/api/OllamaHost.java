package dev.jollama.api;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * OLLAMA_HOST as Ollama reads it, for the server (where to listen) and for clients (where to connect):
 * "" = http://127.0.0.1:11434; "host", "host:port", ":port" (every interface), "[::1]:port", "http://host" (port 80),
 * "https://host" (port 443), "ollama.com" (https, 443), an optional "/path" after the port.
 * An unparsable port falls back to the default, as in Ollama.
 */
public record OllamaHost(String scheme, String host, int port, String path) {
    public static final int DEFAULT_PORT = 11434;

    public static OllamaHost parse(String value) {
        String s = value == null ? "" : trimQuotes(value.strip());
        String scheme;
        String hostport;
        int defaultPort = DEFAULT_PORT;
        int sep = s.indexOf("://");
        if (sep < 0) {
            scheme = "http";
            hostport = s;
            if (s.equals("ollama.com")) {
                scheme = "https";
                hostport = "ollama.com:443";
            }
        } else {
            scheme = s.substring(0, sep);
            hostport = s.substring(sep + 3);
            if (scheme.equals("http")) defaultPort = 80;
            else if (scheme.equals("https")) defaultPort = 443;
        }
        String path = "";
        int slash = hostport.indexOf('/');
        if (slash >= 0) {
            path = hostport.substring(slash + 1);
            hostport = hostport.substring(0, slash);
        }
        String host;
        String portText;
        String[] split = splitHostPort(hostport);
        if (split == null) {
            String bare = stripBrackets(hostport);
            host = hostport.isEmpty() ? "127.0.0.1" : bare;
            portText = Integer.toString(defaultPort);
        } else {
            host = split[0]; // "" (from ":port") listens on every interface, as Go does
            portText = split[1];
        }
        int port;
        try {
            port = Integer.parseInt(portText);
            if (port < 0 || port > 65535) port = defaultPort;
        } catch (NumberFormatException e) {
            port = defaultPort;
        }
        return new OllamaHost(scheme, host, port, path);
    }

    /** Go's net.SplitHostPort: null when there is no port part. */
    private static String[] splitHostPort(String hostport) {
        if (hostport.startsWith("[")) {
            int end = hostport.indexOf(']');
            if (end < 0 || end + 1 >= hostport.length() || hostport.charAt(end + 1) != ':') return null;
            return new String[]{hostport.substring(1, end), hostport.substring(end + 2)};
        }
        int colon = hostport.lastIndexOf(':');
        if (colon < 0 || hostport.indexOf(':') != colon) return null;
        return new String[]{hostport.substring(0, colon), hostport.substring(colon + 1)};
    }

    private static String stripBrackets(String s) {
        return s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    }

    private static String trimQuotes(String s) {
        int start = 0, end = s.length();
        while (start < end && (s.charAt(start) == '"' || s.charAt(start) == '\'')) start++;
        while (end > start && (s.charAt(end - 1) == '"' || s.charAt(end - 1) == '\'')) end--;
        return s.substring(start, end);
    }

    /** The address a client connects to: an unspecified bind address (0.0.0.0, ::) becomes loopback. */
    public OllamaHost connectable() {
        if (host.isEmpty() || host.equals("0.0.0.0")) return new OllamaHost(scheme, "127.0.0.1", port, path);
        if (host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) return new OllamaHost(scheme, "::1", port, path);
        return this;
    }

    /** Whether the listen address is a loopback one (then the Host-header guard applies). */
    public boolean isLoopback() {
        if (host.equalsIgnoreCase("localhost")) return true;
        if (host.isEmpty()) return false;
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** "http://127.0.0.1:11434" (with the path when there is one); a client should use {@code connectable().baseUri()}. */
    public URI baseUri() {
        String h = host.isEmpty() ? "0.0.0.0" : host.contains(":") ? "[" + host + "]" : host;
        return URI.create(scheme + "://" + h + ":" + port + (path.isEmpty() ? "" : "/" + path));
    }

    @Override
    public String toString() {
        return baseUri().toString();
    }
}
