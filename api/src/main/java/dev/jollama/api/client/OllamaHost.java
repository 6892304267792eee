package dev.jollama.api.client;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Where the server listens and clients connect, from {@code OLLAMA_HOST} as Ollama reads it: {@code [scheme://]host[:port][/path]},
 * default {@code http://127.0.0.1:11434}; {@code http://} without a port means 80, {@code https://} 443; a bare
 * {@code ollama.com} means {@code https://ollama.com:443}; a bad port falls back to the default one.
 *
 * @param host the host as given (an IP literal without brackets, a name, or empty for all interfaces)
 */
public record OllamaHost(String scheme, String host, int port, String path) {
    public static final int DEFAULT_PORT = 11434;

    /** {@code OLLAMA_HOST} from the environment (spaces and quotes around it trimmed, as Ollama does). */
    public static OllamaHost fromEnvironment() {
        String value = System.getenv("OLLAMA_HOST");
        return parse(value == null ? "" : value);
    }

    public static OllamaHost parse(String value) {
        String s = trimQuotes(value.strip());
        String scheme = "http";
        String hostPort = s;
        int defaultPort = DEFAULT_PORT;
        int sep = s.indexOf("://");
        if (sep < 0) {
            if (s.equals("ollama.com")) return new OllamaHost("https", "ollama.com", 443, "");
        } else {
            scheme = s.substring(0, sep);
            hostPort = s.substring(sep + 3);
            if (scheme.equals("http")) defaultPort = 80;
            if (scheme.equals("https")) defaultPort = 443;
        }
        String path = "";
        int slash = hostPort.indexOf('/');
        if (slash >= 0) {
            path = hostPort.substring(slash + 1);
            hostPort = hostPort.substring(0, slash);
        }
        String host;
        String portText;
        String[] split = splitHostPort(hostPort);
        if (split != null) {
            host = split[0];
            portText = split[1];
        } else {
            String bare = hostPort.startsWith("[") && hostPort.endsWith("]") ? hostPort.substring(1, hostPort.length() - 1) : hostPort;
            host = hostPort.isEmpty() ? "127.0.0.1" : isIpLiteral(bare) ? bare : hostPort;
            portText = null;
        }
        int port = defaultPort;
        if (portText != null) {
            try {
                int p = Integer.parseInt(portText);
                if (p >= 0 && p <= 65535) port = p;
            } catch (NumberFormatException e) {
                // Ollama warns and uses the default port
            }
        }
        return new OllamaHost(scheme, host, port, path);
    }

    /** The base URI clients connect to: an unspecified bind address (0.0.0.0, ::, empty) becomes loopback. */
    public URI baseUri() {
        String h = host;
        if (h.isEmpty() || h.equals("0.0.0.0")) h = "127.0.0.1";
        else if (isIpLiteral(h) && h.contains(":") && isUnspecified(h)) h = "::1";
        String authority = h.contains(":") ? "[" + h + "]" : h;
        return URI.create(scheme + "://" + authority + ":" + port + "/" + path);
    }

    /** {@code host:port} for binding a server socket (IPv6 literals in brackets). */
    public String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Go's net.SplitHostPort, or null where it fails (no port, too many colons). */
    private static String[] splitHostPort(String hp) {
        if (hp.startsWith("[")) {
            int close = hp.indexOf(']');
            if (close < 0 || close + 1 >= hp.length() || hp.charAt(close + 1) != ':') return null;
            String port = hp.substring(close + 2);
            return port.contains(":") ? null : new String[] {hp.substring(1, close), port};
        }
        int colon = hp.lastIndexOf(':');
        if (colon < 0 || hp.substring(0, colon).contains(":")) return null;
        return new String[] {hp.substring(0, colon), hp.substring(colon + 1)};
    }

    private static boolean isIpLiteral(String s) {
        return s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || (s.contains(":") && s.matches("[0-9A-Fa-f:.]+"));
    }

    private static boolean isUnspecified(String ip) {
        try {
            return InetAddress.getByName(ip).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String trimQuotes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == '"' || s.charAt(start) == '\'')) start++;
        while (end > start && (s.charAt(end - 1) == '"' || s.charAt(end - 1) == '\'')) end--;
        return s.substring(start, end);
    }
}
