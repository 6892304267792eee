package dev.jollama.server.routes;

import io.javalin.config.RoutesConfig;

/** A set of endpoints; each API area (model management, generation, OpenAI, ...) is one. */
public interface RouteGroup {
    void register(RoutesConfig routes);
}
