package dev.jollama.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What gin's router (Ollama's, HandleMethodNotAllowed on, RedirectTrailingSlash on) answers where Javalin would
 * answer otherwise: a wrong method is 405 with an {@code Allow} header naming the path's methods; HEAD is a method
 * of its own (Javalin would answer HEAD for every GET route); a path with an extra trailing slash is redirected
 * to the route without it, 301 for GET and 307 otherwise, before any middleware runs.
 */
public final class GinRouting {
    /** gin lists allowed methods in the order their first route was registered in Ollama's GenerateRoutes. */
    private static final List<HandlerType> GIN_ORDER = List.of(HandlerType.HEAD, HandlerType.GET, HandlerType.POST, HandlerType.DELETE);
    private static final Set<HandlerType> ROUTABLE = Set.copyOf(GIN_ORDER);

    private final List<ParsedEndpoint> endpoints;

    public GinRouting(List<ParsedEndpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    /** The methods that have a route for this path, as gin's Allow header lists them ("HEAD, GET"). */
    public String allowed(String path) {
        List<String> methods = new ArrayList<>();
        for (HandlerType m : GIN_ORDER) {
            if (has(m, path)) methods.add(m.name());
        }
        return String.join(", ", methods);
    }

    private boolean has(HandlerType method, String path) {
        for (ParsedEndpoint e : endpoints) {
            if (e.endpoint.method == method && e.matches(path)) return true;
        }
        return false;
    }

    /** gin's redirectTrailingSlash; true when the request is answered here. */
    public boolean redirect(Context ctx) {
        String path = ctx.path();
        HandlerType method = ctx.method();
        if (path.length() < 2 || !path.endsWith("/") || !ROUTABLE.contains(method)) return false;
        String target = path.substring(0, path.length() - 1);
        if (has(method, path) || !has(method, target)) return false;
        String query = ctx.queryString();
        String location = query == null ? target : target + "?" + query;
        ctx.header("Location", location);
        if (method == HandlerType.GET) {
            ctx.status(301).contentType("text/html; charset=utf-8").result("<a href=\"" + htmlEscape(location) + "\">Moved Permanently</a>.\n\n");
        } else {
            if (method == HandlerType.HEAD) ctx.contentType("text/html; charset=utf-8");
            ctx.status(307).result("");
        }
        return true;
    }

    /** Go's html.EscapeString, as http.Redirect writes the link. */
    private static String htmlEscape(String s) {
        return s.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;");
    }

    /** HEAD on a path that has a GET route but no HEAD route: gin's 405; true when answered here. */
    public boolean headWithoutRoute(Context ctx) {
        if (ctx.method() != HandlerType.HEAD || has(HandlerType.HEAD, ctx.path()) || !has(HandlerType.GET, ctx.path())) return false;
        methodNotAllowed(ctx);
        return true;
    }

    /** gin's 405: plain text with the Allow header. */
    public void methodNotAllowed(Context ctx) {
        String allow = allowed(ctx.path());
        if (!allow.isEmpty()) ctx.header("Allow", allow);
        ctx.status(405).contentType("text/plain").result("405 method not allowed");
    }
}
