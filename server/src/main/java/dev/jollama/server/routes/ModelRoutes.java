package dev.jollama.server.routes;

import dev.jollama.api.CopyRequest;
import dev.jollama.api.DeleteRequest;
import dev.jollama.api.ListResponse;
import dev.jollama.api.Message;
import dev.jollama.api.ModelDetails;
import dev.jollama.api.ProcessResponse;
import dev.jollama.api.ShowRequest;
import dev.jollama.api.ShowResponse;
import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.server.Services;
import dev.jollama.server.http.ApiException;
import dev.jollama.server.http.Errors;
import dev.jollama.server.http.JsonBody;
import dev.jollama.server.model.GeneratedModelfile;
import dev.jollama.server.model.LocalModel;
import dev.jollama.server.model.ModelCatalog;
import dev.jollama.server.model.ModelFacts;
import dev.jollama.server.model.ModelInfo;
import dev.jollama.server.store.ModelName;
import dev.jollama.server.store.ModelRef;
import dev.jollama.server.store.StoreErrors;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** GET/HEAD /api/tags, POST /api/show, POST /api/copy, DELETE /api/delete, GET /api/ps. */
public final class ModelRoutes implements RouteGroup {
    private static final String COPILOT_AGENT = "GitHubCopilotChat/";

    private final Services services;
    private final ModelCatalog catalog;

    public ModelRoutes(Services services) {
        this.services = services;
        this.catalog = services.catalog();
    }

    @Override
    public void register(RoutesConfig routes) {
        Handler tags = ctx -> Errors.json(ctx, 200, new ListResponse(catalog.list()));
        routes.get("/api/tags", tags);
        routes.head("/api/tags", tags);
        routes.post("/api/show", this::show);
        routes.post("/api/copy", this::copy);
        routes.delete("/api/delete", this::delete);
        routes.get("/api/ps", ctx -> Errors.json(ctx, 200, new ProcessResponse(services.loadedModels().loaded())));
    }

    /**
     * The local model whose details a request asks for (/api/show, /v1/models/{model}), checked as Ollama's
     * ShowHandler checks it: 400 for an empty or invalid name or two source suffixes, 403 for a cloud model.
     */
    public static ModelName detailsName(String requested) {
        ModelRef ref;
        try {
            ref = ModelRef.parse(requested);
        } catch (ModelRef.Invalid e) {
            throw ApiException.badRequest(e.getMessage());
        }
        ModelName name = ref.name();
        if (!name.isValid()) throw ApiException.badRequest("invalid model name");
        if (ref.cloud()) throw new ApiException(403, ModelRef.CLOUD_DETAILS_DISABLED);
        return name;
    }

    private void show(Context ctx) throws IOException {
        ShowRequest req = JsonBody.read(ctx, ShowRequest.class);
        String requested = req.modelName();
        if (requested.isEmpty()) throw ApiException.badRequest("model is required");
        ModelName name = services.store().resolve(detailsName(requested));
        LocalModel m;
        try {
            m = catalog.load(name);
        } catch (StoreErrors.ModelNotFoundException e) {
            throw ApiException.notFound("model '" + name.displayShortest() + "' not found");
        }
        String system = req.system() != null && !req.system().isEmpty() ? req.system() : m.system();
        Map<String, Object> params = m.params();
        String parameters = GeneratedModelfile.parameters(params);
        Map<String, Object> modelfileParams = new LinkedHashMap<>(params);
        if (req.options() != null) modelfileParams.putAll(req.options());
        String modelfile = GeneratedModelfile.of(m, modelfileParams, system);

        ModelDetails details = catalog.details(m);
        String template = m.templateOrDefault();
        Map<String, Object> modelInfo = new TreeMap<>();
        List<dev.jollama.api.TensorInfo> tensors = null;
        if (m.modelPath() != null && m.isGguf()) {
            try (GgufFile f = GgufFile.open(m.modelPath())) {
                modelInfo = ModelInfo.of(f, req.verbose());
                tensors = ModelInfo.tensors(f);
                ModelFacts facts = ModelFacts.of(f);
                if (m.template() == null && !facts.chatTemplate().isEmpty()) template = facts.chatTemplate();
                if (details.quantizationLevel().isEmpty() || details.quantizationLevel().equals("unknown")) {
                    details = new ModelDetails(details.parentModel(), details.format(), details.family(), details.families(),
                            details.parameterSize(), facts.fileTypeName(), 0, 0);
                }
            }
        }
        String agent = ctx.header("User-Agent");
        if (agent != null && agent.startsWith(COPILOT_AGENT)) modelInfo.put("general.basename", requested);
        List<Message> messages = new ArrayList<>();
        for (Message msg : m.messages()) messages.add(Message.of(msg.role(), msg.content()));
        Errors.json(ctx, 200, new ShowResponse(
                String.join("\n", m.licenses()),
                modelfile,
                parameters,
                template,
                system,
                m.config().renderer(),
                m.config().parser(),
                details,
                messages,
                m.config().remoteModel(),
                m.config().remoteHost(),
                modelInfo,
                null,
                tensors,
                catalog.capabilities(m),
                ModelCatalog.localTime(m.stored()),
                m.config().requires()));
    }

    private void copy(Context ctx) {
        CopyRequest req = JsonBody.read(ctx, CopyRequest.class);
        String srcText = req.source() == null ? "" : req.source();
        String dstText = req.destination() == null ? "" : req.destination();
        ModelName src = ModelName.parse(srcText);
        if (!src.isValid()) throw ApiException.badRequest("source \"" + srcText + "\" is invalid");
        src = services.store().resolve(src);
        ModelName dst = ModelName.parse(dstText);
        if (!dst.isValid()) throw ApiException.badRequest("destination \"" + dstText + "\" is invalid");
        dst = services.store().resolve(dst);
        if (!services.store().copy(src, dst)) throw ApiException.notFound("model \"" + srcText + "\" not found");
        ctx.status(200);
    }

    private void delete(Context ctx) {
        DeleteRequest req = JsonBody.read(ctx, DeleteRequest.class);
        String requested = req.modelName();
        ModelName name;
        try {
            name = ModelRef.parse(requested).pullName();
        } catch (ModelRef.Invalid e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (!name.isValid()) throw ApiException.badRequest("name \"" + requested + "\" is invalid");
        try {
            services.store().delete(services.store().resolve(name));
        } catch (StoreErrors.ModelNotFoundException e) {
            throw ApiException.notFound("model '" + requested + "' not found");
        }
        ctx.status(200);
    }
}
