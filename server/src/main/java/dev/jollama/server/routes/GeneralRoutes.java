package dev.jollama.server.routes;

import dev.jollama.api.StatusResponse;
import dev.jollama.api.VersionResponse;
import dev.jollama.server.ServerConfig;
import dev.jollama.server.Version;
import dev.jollama.server.http.Errors;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;

/** GET/HEAD / ("Ollama is running"), GET/HEAD /api/version, GET /api/status. */
public final class GeneralRoutes implements RouteGroup {
    private final ServerConfig config;

    public GeneralRoutes(ServerConfig config) {
        this.config = config;
    }

    @Override
    public void register(RoutesConfig routes) {
        Handler root = ctx -> ctx.status(200).contentType("text/plain; charset=utf-8").result("Ollama is running");
        routes.get("/", root);
        routes.head("/", root);
        Handler version = ctx -> Errors.json(ctx, 200, new VersionResponse(Version.OLLAMA_API));
        routes.get("/api/version", version);
        routes.head("/api/version", version);
        // jollama has no cloud features: they are always disabled.
        routes.get("/api/status", ctx -> Errors.json(ctx, 200,
                new StatusResponse(new StatusResponse.Cloud(true, config.noCloud() ? "env" : "none"))));
    }
}
