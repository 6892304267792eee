package dev.jollama.server.compat.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jollama.api.ListModelResponse;
import dev.jollama.server.http.ApiException;
import dev.jollama.server.model.LocalModel;
import dev.jollama.server.model.ModelCatalog;
import dev.jollama.server.routes.ModelRoutes;
import dev.jollama.server.store.ModelName;
import dev.jollama.server.store.ModelStore;
import dev.jollama.server.store.StoreErrors;

import java.util.ArrayList;
import java.util.List;

/**
 * GET /v1/models and /v1/models/{model} from the store: id as /api/tags names the model (or as requested),
 * {@code created} its manifest's modification time, {@code owned_by} its namespace ("library" for plain names).
 */
final class Models {
    private final ModelStore store;
    private final ModelCatalog catalog;

    Models(ModelStore store, ModelCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {}

    /** Ollama writes {@code "data": null} for an empty store; jollama an empty list, which SDK pagers expect. */
    record ModelList(String object, List<Model> data) {}

    ModelList list() {
        List<Model> data = new ArrayList<>();
        for (ListModelResponse m : catalog.list()) {
            data.add(new Model(m.model(), "model", m.modifiedAt().toEpochSecond(), ModelName.parse(m.model()).namespace()));
        }
        return new ModelList("list", data);
    }

    /** The model as requested (a namespaced id, e.g. "library/llama3" or "hf.co/org/m:q4", included). */
    Model retrieve(String requested) {
        ModelName name = ModelRoutes.detailsName(requested);
        try {
            LocalModel m = catalog.load(store.resolve(name));
            return new Model(requested, "model", ModelCatalog.localTime(m.stored()).toEpochSecond(), name.namespace());
        } catch (StoreErrors.ModelNotFoundException e) {
            throw ApiException.notFound("model '" + requested + "' not found");
        }
    }
}
