package dev.jollama.server.registry;

import dev.jollama.server.Version;
import dev.jollama.server.store.ModelName;

import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;

/**
 * Talks to OCI/Docker distribution registries for pull and push. One per server: it holds the HTTP connection pool,
 * the basic credentials from the environment and the ed25519 signing key; each pull or push opens a
 * {@link RegistrySession} that keeps the token it earns.
 */
public final class RegistryClient {
    /** Ollama's error for an http:// name without insecure. */
    public static final String INSECURE_PROTOCOL = "insecure protocol http";

    static {
        // The JDK client reads a response in 16 KiB buffers by default; blobs go faster with fewer, larger ones.
        if (System.getProperty("jdk.httpclient.bufsize") == null) System.setProperty("jdk.httpclient.bufsize", String.valueOf(256 * 1024));
    }

    private final HttpClient http;
    private final Credentials credentials;
    private final SigningKey key;
    private final String userAgent;

    /** {@code key} may be null (no signed token requests). */
    public RegistryClient(Credentials credentials, SigningKey key) {
        this.credentials = credentials;
        this.key = key;
        // HTTP/1.1: each part of a blob gets its own connection, which is what makes parallel parts fast.
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(30))
                .executor(Executors.newVirtualThreadPerTaskExecutor());
        ProxySelector proxy = EnvironmentProxy.from(System.getenv());
        if (proxy != null) builder.proxy(proxy);
        this.http = builder.build();
        this.userAgent = "jollama/" + Version.OLLAMA_API + " (" + arch() + " " + System.getProperty("os.name").toLowerCase(Locale.ROOT)
                + ") Java/" + Runtime.version().feature();
    }

    /**
     * A session with the registry of {@code name}: {@code insecure} turns https into http (Ollama's rule), and a
     * name that says http:// without it is refused with {@link #INSECURE_PROTOCOL}.
     */
    public RegistrySession session(ModelName name, boolean insecure) throws RegistryException {
        if (name.scheme().equals("http") && !insecure) throw new RegistryException(INSECURE_PROTOCOL);
        String scheme = insecure ? "http" : name.scheme();
        URI base = URI.create(scheme + "://" + name.host());
        return new RegistrySession(this, base, name.namespaceModel());
    }

    HttpClient http() {
        return http;
    }

    Credentials credentials() {
        return credentials;
    }

    SigningKey key() {
        return key;
    }

    String userAgent() {
        return userAgent;
    }

    private static String arch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> a;
        };
    }
}
