package dev.jollama.server.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.Json;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One pull or push against one registry repository: builds its URLs, answers its auth challenges (Bearer token
 * requests signed with Ollama's key, or basic credentials) and remembers the token for the following requests,
 * as Ollama's registryOptions does. Credentials and tokens only go to the registry's own host.
 */
public final class RegistrySession {
    private static final int MAX_REDIRECTS = 10;

    private final RegistryClient client;
    private final URI base;
    private final String repository;
    private volatile String authorization;

    RegistrySession(RegistryClient client, URI base, String repository) {
        this.client = client;
        this.base = base;
        this.repository = repository;
    }

    public URI base() {
        return base;
    }

    /** "namespace/model". */
    public String repository() {
        return repository;
    }

    /** {base}/v2/{namespace}/{model}/{kind}/{reference}, e.g. kind "manifests" or "blobs". */
    public URI url(String kind, String reference) {
        return base.resolve("/v2/" + repository + "/" + kind + "/" + reference);
    }

    /** The headers of a request to {@code uri}: the user agent, and the session's authorization when it goes to the registry itself. */
    Map<String, String> headers(URI uri, Map<String, String> extra) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("User-Agent", client.userAgent());
        String auth = authorization;
        if (auth != null && sameOrigin(uri)) h.put("Authorization", auth);
        h.putAll(extra);
        return h;
    }

    private boolean sameOrigin(URI uri) {
        return base.getScheme().equalsIgnoreCase(uri.getScheme()) && base.getAuthority().equalsIgnoreCase(uri.getAuthority());
    }

    /**
     * Sends a request, answering one 401 with a token or credentials and sending it again (the body is made anew by
     * {@code body}). 404 becomes {@link RegistryException#notFound()}, any other status from 400 up
     * "{status}: {body}"; other responses are returned with their body unread.
     */
    Http1Response send(String method, URI uri, Map<String, String> headers, Supplier<Http1Client.Body> body)
            throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            Http1Response resp = client.http().send(method, uri, headers(uri, headers), body);
            if (resp.status() == 401) {
                String challenge = resp.header("WWW-Authenticate").orElse("");
                String text = readError(resp);
                if (attempt > 0) throw new RegistryException(401, "unauthorized: access denied");
                if (challenge.isEmpty()) throw new RegistryException(401, "401: " + text);
                authorize(challenge);
                continue;
            }
            return check(resp);
        }
    }

    /** GET following redirects; with {@code sameHostOnly} it stops at the first redirect to another host and returns it. */
    Http1Response get(URI uri, Map<String, String> headers, boolean sameHostOnly) throws IOException, InterruptedException {
        for (int hops = 0; ; hops++) {
            Http1Response resp = send("GET", uri, headers, null);
            Optional<String> location = resp.header("Location");
            if (!isRedirect(resp.status()) || location.isEmpty()) return resp;
            URI next = uri.resolve(location.get());
            if (sameHostOnly && !next.getHost().equalsIgnoreCase(uri.getHost())) return resp;
            if (hops >= MAX_REDIRECTS) {
                resp.body().close();
                throw new RegistryException("maximum redirects exceeded (" + MAX_REDIRECTS + ") for " + uri);
            }
            resp.body().close();
            uri = next;
        }
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Maps error statuses to exceptions as Ollama's makeRequestWithRetry does. */
    static Http1Response check(Http1Response resp) throws IOException {
        int status = resp.status();
        if (status == 404) {
            resp.body().close();
            throw RegistryException.notFound();
        }
        if (status >= 400) throw new RegistryException(status, status + ": " + readError(resp));
        return resp;
    }

    static String readError(Http1Response resp) throws IOException {
        try (InputStream in = resp.body()) {
            return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8).strip();
        }
    }

    /** Answers a WWW-Authenticate challenge, so the next requests carry the token or credentials. */
    public void authorize(String header) throws IOException, InterruptedException {
        Challenge c = Challenge.parse(header);
        Optional<Credentials.Basic> basic = client.credentials().forHost(base.getAuthority());
        if (c.isBasic()) {
            authorization = basic.orElseThrow(() -> new RegistryException(401, "unauthorized: access denied (set "
                    + Credentials.ENV + " for " + base.getAuthority() + ")")).header();
        } else if (c.isBearer()) {
            authorization = "Bearer " + fetchToken(c, basic.orElse(null));
        } else {
            throw new RegistryException(401, "unsupported authentication challenge: " + header);
        }
    }

    private String fetchToken(Challenge c, Credentials.Basic basic) throws IOException, InterruptedException {
        if (c.realm().isEmpty()) throw new RegistryException(401, "registry sent a Bearer challenge without a realm");
        URI realm = tokenUrl(c);
        if (!realm.getScheme().startsWith("http")) throw new RegistryException(401, "bad token realm " + c.realm());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", client.userAgent());
        boolean sameHost = realm.getAuthority().equalsIgnoreCase(base.getAuthority());
        // Credentials and signatures go only to the registry's own host (or, for credentials, its https realm);
        // a realm elsewhere is asked anonymously.
        if (basic != null && (sameHost || realm.getScheme().equals("https"))) {
            headers.put("Authorization", basic.header());
        } else if (sameHost && client.key() != null) {
            String emptySha = HexFormat.of().formatHex(sha256(new byte[0]));
            String data = "GET," + realm + "," + Base64.getEncoder().encodeToString(emptySha.getBytes(StandardCharsets.US_ASCII));
            headers.put("Authorization", client.key().sign(data.getBytes(StandardCharsets.UTF_8)));
        }
        Http1Response resp = client.http().send("GET", realm, headers, null);
        String body = readError(resp);
        if (resp.status() >= 400) {
            throw new RegistryException(resp.status(), body.isEmpty() ? String.valueOf(resp.status()) : resp.status() + ": " + body);
        }
        JsonNode json = Json.mapper().readTree(body);
        String token = json.path("token").asText("");
        if (token.isEmpty()) token = json.path("access_token").asText("");
        if (token.isEmpty()) throw new RegistryException(401, "token endpoint " + c.realm() + " returned no token");
        return token;
    }

    /** realm?nonce=..&scope=..&service=..&ts=.., keys sorted and escaped as Go's url.Values.Encode does. */
    static URI tokenUrl(Challenge c) {
        URI realm = URI.create(c.realm());
        TreeMap<String, List<String>> query = new TreeMap<>();
        if (realm.getRawQuery() != null) {
            for (String kv : realm.getRawQuery().split("&")) {
                int eq = kv.indexOf('=');
                String k = decode(eq < 0 ? kv : kv.substring(0, eq)), v = eq < 0 ? "" : decode(kv.substring(eq + 1));
                query.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
        }
        query.computeIfAbsent("service", x -> new ArrayList<>()).add(c.service());
        for (String s : c.scope().split(" ")) query.computeIfAbsent("scope", x -> new ArrayList<>()).add(s);
        query.computeIfAbsent("ts", x -> new ArrayList<>()).add(String.valueOf(System.currentTimeMillis() / 1000));
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        query.computeIfAbsent("nonce", x -> new ArrayList<>()).add(Base64.getUrlEncoder().withoutPadding().encodeToString(nonce));
        StringBuilder q = new StringBuilder();
        query.forEach((k, vs) -> {
            for (String v : vs) {
                if (!q.isEmpty()) q.append('&');
                q.append(queryEscape(k)).append('=').append(queryEscape(v));
            }
        });
        String s = c.realm();
        int cut = s.indexOf('?');
        return URI.create((cut < 0 ? s : s.substring(0, cut)) + "?" + q);
    }

    /** Go's url.QueryEscape: everything but A-Z a-z 0-9 - _ . ~ is %XX, space is '+'. */
    static String queryEscape(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Http1Client http() {
        return client.http();
    }

    /** The current Authorization header value, for requests built elsewhere (parts of a blob). */
    String authorization() {
        return authorization;
    }
}
