package dev.jollama.server.registry;

import dev.jollama.server.Version;
import dev.jollama.server.store.ModelName;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;

/**
 * Talks to OCI/Docker distribution registries for pull and push. One per server: it holds the HTTP connection pool,
 * the basic credentials from the environment and the ed25519 signing key; each pull or push opens a
 * {@link RegistrySession} that keeps the token it earns.
 */
public final class RegistryClient {
    /** Ollama's error for an http:// name without insecure. */
    public static final String INSECURE_PROTOCOL = "insecure protocol http";

    private final Http1Client http;
    private final Credentials credentials;
    private final SigningKey key;
    private final String userAgent;

    /** {@code key} may be null (no signed token requests). Proxies come from the process environment. */
    public RegistryClient(Credentials credentials, SigningKey key) {
        this(credentials, key, System.getenv(), defaultTls());
    }

    /** With the proxy variables of {@code env} and the trust of {@code tls} (tests use their own). */
    RegistryClient(Credentials credentials, SigningKey key, Map<String, String> env, SSLContext tls) {
        this.credentials = credentials;
        this.key = key;
        this.http = new Http1Client(EnvironmentProxy.from(env), tls);
        this.userAgent = "jollama/" + Version.OLLAMA_API + " (" + arch() + " " + System.getProperty("os.name").toLowerCase(Locale.ROOT)
                + ") Java/" + Runtime.version().feature();
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
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

    Http1Client http() {
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
