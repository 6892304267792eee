package dev.jollama.server.http;

import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;

/**
 * Cross-origin requests as Ollama's gin-contrib/cors set-up answers them: no Origin (or the server's own origin)
 * passes untouched; an origin not allowed gets 403 with an empty body; an allowed preflight (OPTIONS) gets 204
 * with the allowed methods and headers; other allowed requests get Access-Control-Allow-Origin and go on.
 * Allowed: OLLAMA_ORIGINS, then localhost, 127.0.0.1 and 0.0.0.0 over http(s) with any port, and the app://,
 * file://, tauri://, vscode-webview://, vscode-file:// schemes. Each entry may hold one '*' wildcard; "*" alone
 * allows every origin.
 */
public final class Cors {
    static final String ALLOW_METHODS = "GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS";
    static final String ALLOW_HEADERS = String.join(",", "Authorization", "Content-Type", "User-Agent", "Accept",
            "X-Requested-With", "Openai-Beta", "X-Stainless-Arch", "X-Stainless-Async", "X-Stainless-Custom-Poll-Interval",
            "X-Stainless-Helper-Method", "X-Stainless-Lang", "X-Stainless-Os", "X-Stainless-Package-Version",
            "X-Stainless-Poll-Helper", "X-Stainless-Retry-Count", "X-Stainless-Runtime", "X-Stainless-Runtime-Version",
            "X-Stainless-Timeout");
    static final String MAX_AGE = "43200";
    private static final List<String> SCHEMES = List.of("http://", "https://", "chrome-extension://", "safari-extension://",
            "moz-extension://", "ms-browser-extension://");

    private final boolean allowAll;
    private final List<String> exact = new ArrayList<>();
    private final List<String[]> wildcards = new ArrayList<>();

    /** Fails with Ollama's message when an entry is neither a URL origin nor a wildcard pattern. */
    public Cors(List<String> extraOrigins) {
        List<String> all = new ArrayList<>(extraOrigins);
        for (String host : List.of("localhost", "127.0.0.1", "0.0.0.0")) {
            all.add("http://" + host);
            all.add("https://" + host);
            all.add("http://" + host + ":*");
            all.add("https://" + host + ":*");
        }
        all.addAll(List.of("app://*", "file://*", "tauri://*", "vscode-webview://*", "vscode-file://*"));
        boolean any = false;
        for (String o : all) {
            if (o.equals("*")) any = true;
            int stars = o.length() - o.replace("*", "").length();
            if (stars == 0) {
                if (SCHEMES.stream().noneMatch(o::startsWith)) {
                    throw new IllegalArgumentException("bad origin in OLLAMA_ORIGINS: " + o + ": origins must contain '*' or include " + String.join(",", SCHEMES));
                }
                exact.add(o);
            } else if (stars > 1) {
                throw new IllegalArgumentException("bad origin in OLLAMA_ORIGINS: " + o + ": only one * is allowed");
            } else {
                int i = o.indexOf('*');
                wildcards.add(new String[]{o.substring(0, i), o.substring(i + 1)});
            }
        }
        this.allowAll = any;
    }

    public boolean allows(String origin) {
        if (allowAll || exact.contains(origin)) return true;
        for (String[] w : wildcards) {
            if (origin.startsWith(w[0]) && origin.endsWith(w[1]) && origin.length() >= w[0].length() + w[1].length()) return true;
        }
        return false;
    }

    /** Applies the policy; true when the request is answered here (403, or a preflight's 204). */
    public boolean handle(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || origin.isEmpty()) return false;
        String host = ctx.header("Host");
        if (origin.equals("http://" + host) || origin.equals("https://" + host)) return false;
        if (!allows(origin)) {
            ctx.status(403).result("");
            return true;
        }
        if (allowAll) {
            ctx.header("Access-Control-Allow-Origin", "*");
        }
        if (ctx.method().name().equals("OPTIONS")) {
            ctx.header("Access-Control-Allow-Methods", ALLOW_METHODS);
            ctx.header("Access-Control-Allow-Headers", ALLOW_HEADERS);
            ctx.header("Access-Control-Max-Age", MAX_AGE);
            if (!allowAll) {
                ctx.res().addHeader("Vary", "Origin");
                ctx.res().addHeader("Vary", "Access-Control-Request-Method");
                ctx.res().addHeader("Vary", "Access-Control-Request-Headers");
                ctx.header("Access-Control-Allow-Origin", origin);
            }
            ctx.status(204).result("");
            return true;
        }
        if (!allowAll) {
            ctx.header("Vary", "Origin");
            ctx.header("Access-Control-Allow-Origin", origin);
        }
        return false;
    }
}
