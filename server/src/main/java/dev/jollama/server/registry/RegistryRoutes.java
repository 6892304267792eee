package dev.jollama.server.registry;

import dev.jollama.api.PullRequest;
import dev.jollama.api.PushRequest;
import dev.jollama.server.Services;
import dev.jollama.server.http.ApiException;
import dev.jollama.server.http.JsonBody;
import dev.jollama.server.http.NdjsonResponse;
import dev.jollama.server.routes.RouteGroup;
import dev.jollama.server.store.ModelName;
import dev.jollama.server.store.ModelRef;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * POST /api/pull and POST /api/push: Ollama's progress stream (or with {@code stream:false} only its last object);
 * an error before the first line is a JSON error with a status (500 as in Ollama), after it a last
 * {@code {"error":..}} line. A client that goes away stops the pull; what it fetched stays for the next one.
 */
public final class RegistryRoutes implements RouteGroup {
    private final Services services;
    private final Registry registry;

    public RegistryRoutes(Services services) {
        this.services = services;
        this.registry = Registry.start(services.store(), services.config().home(), services.config().noPrune(), services.config().registryAuth());
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/pull", this::pull);
        routes.post("/api/push", this::push);
    }

    private void pull(Context ctx) {
        PullRequest req = JsonBody.read(ctx, PullRequest.class);
        ModelName name;
        try {
            name = ModelRef.parse(req.modelName()).pullName();
        } catch (ModelRef.Invalid e) {
            throw ApiException.badRequest(e.required() ? "invalid model name" : e.getMessage());
        }
        if (!name.isValid()) throw ApiException.badRequest("invalid model name");
        ModelName resolved = resolve(name);
        NdjsonResponse.progress(ctx, req.streaming(), sink -> registry.pull(resolved, req.insecure(), sink::send));
    }

    /** The store's spelling of the name (Ollama's case-insensitive lookup), keeping the scheme it was given. */
    private ModelName resolve(ModelName name) {
        ModelName r = services.store().resolve(name);
        return new ModelName(name.scheme(), r.host(), r.namespace(), r.model(), r.tag());
    }

    private void push(Context ctx) {
        PushRequest req = JsonBody.read(ctx, PushRequest.class);
        if (req.modelName().isEmpty()) throw ApiException.badRequest("model is required");
        ModelName name = ModelName.parse(req.modelName());
        if (!name.isValid()) throw ApiException.badRequest("invalid model name");
        ModelName resolved = resolve(name);
        NdjsonResponse.progress(ctx, req.streaming(), sink -> registry.push(resolved, req.insecure(), sink::send));
    }
}
