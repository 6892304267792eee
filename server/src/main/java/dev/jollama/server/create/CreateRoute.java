package dev.jollama.server.create;

import dev.jollama.api.CreateRequest;
import dev.jollama.server.Services;
import dev.jollama.server.http.ApiException;
import dev.jollama.server.http.JsonBody;
import dev.jollama.server.http.NdjsonResponse;
import dev.jollama.server.routes.RouteGroup;
import dev.jollama.server.store.Digests;
import dev.jollama.server.store.ModelName;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.Map;

/** POST /api/create: checks the request as Ollama does before streaming, then runs a {@link CreateJob}. */
public final class CreateRoute implements RouteGroup {
    private final Services services;

    public CreateRoute(Services services) {
        this.services = services;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/create", this::create);
    }

    private void create(Context ctx) {
        CreateRequest req = JsonBody.read(ctx, CreateRequest.class);
        checkFiles(req.files());
        checkFiles(req.draftFiles());
        if (req.draftQuantize() != null && !req.draftQuantize().isEmpty() && (req.draftFiles() == null || req.draftFiles().isEmpty())) {
            throw ApiException.badRequest("--draft-quantize requires a DRAFT model");
        }
        if (req.adapters() != null) {
            for (String d : req.adapters().values()) {
                if (d == null || !Digests.isValid(d)) throw ApiException.badRequest("invalid digest format");
            }
        }
        ModelName name = ModelName.parse(req.modelName());
        if (!name.isValid()) throw ApiException.badRequest("invalid model name");
        if (req.remoteHost() != null && !req.remoteHost().isEmpty()) {
            throw ApiException.badRequest("remote models are not supported by jollama");
        }
        if (req.draftFiles() != null && !req.draftFiles().isEmpty()) {
            throw ApiException.badRequest("draft models (speculative decoding) are not supported by jollama yet");
        }
        ModelName resolved = services.store().resolve(name);
        CreateJob job = new CreateJob(services.store(), req, resolved, services.config().noPrune());
        NdjsonResponse.progress(ctx, req.streaming(), job::run);
    }

    private static void checkFiles(Map<String, String> files) {
        if (files == null) return;
        for (Map.Entry<String, String> e : files.entrySet()) {
            if (!validPath(e.getKey())) throw ApiException.badRequest("file path must be relative");
            if (e.getValue() == null || !Digests.isValid(e.getValue())) throw ApiException.badRequest("invalid digest format");
        }
    }

    /** Go's fs.ValidPath: slash-separated, relative, no empty, "." or ".." elements. */
    static boolean validPath(String name) {
        if (name == null) return false;
        if (name.equals(".")) return true;
        for (String elem : name.split("/", -1)) {
            if (elem.isEmpty() || elem.equals(".") || elem.equals("..")) return false;
        }
        return true;
    }
}
