package dev.jollama.server.model;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jollama.api.Json;
import dev.jollama.api.Message;
import dev.jollama.server.store.Layer;
import dev.jollama.server.store.MediaTypes;
import dev.jollama.server.store.ModelConfig;
import dev.jollama.server.store.ModelName;
import dev.jollama.server.store.ModelStore;
import dev.jollama.server.store.StoredManifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model of the store with its layers read (Ollama's GetModel): the GGUF path, adapters, projectors, the Go
 * template (null when the model has none), system prompt, licenses, parameters in the order of the params blob,
 * and messages.
 */
public record LocalModel(
        ModelName name,
        StoredManifest stored,
        ModelConfig config,
        Path modelPath,
        String parentModel,
        List<Path> adapters,
        List<Path> projectors,
        Path draftPath,
        String template,
        String system,
        List<String> licenses,
        Map<String, Object> params,
        List<Message> messages) {

    /** What Ollama renders with when a model has no TEMPLATE layer. */
    public static final String DEFAULT_TEMPLATE = "{{ .Prompt }}";

    public static LocalModel load(ModelStore store, StoredManifest sm) throws IOException {
        ModelConfig config = ModelConfig.EMPTY;
        Layer cfg = sm.manifest().config();
        if (cfg != null && cfg.digest() != null && !cfg.digest().isEmpty()) {
            config = Json.mapper().readValue(store.readBlob(cfg.digest()), ModelConfig.class);
        }
        Path modelPath = null, draft = null;
        String parent = "", template = null, system = "";
        List<Path> adapters = new ArrayList<>(), projectors = new ArrayList<>();
        List<String> licenses = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        List<Message> messages = new ArrayList<>();
        for (Layer l : sm.manifest().layers()) {
            switch (l.mediaType()) {
                case MediaTypes.MODEL -> {
                    modelPath = store.blobPath(l.digest());
                    parent = l.from() == null ? "" : l.from();
                }
                case MediaTypes.DRAFT -> draft = store.blobPath(l.digest());
                case MediaTypes.ADAPTER -> adapters.add(store.blobPath(l.digest()));
                case MediaTypes.PROJECTOR -> projectors.add(store.blobPath(l.digest()));
                case MediaTypes.TEMPLATE, MediaTypes.PROMPT -> template = text(store, l);
                case MediaTypes.SYSTEM -> system = text(store, l);
                case MediaTypes.LICENSE -> licenses.add(text(store, l));
                case MediaTypes.PARAMS -> params = Json.mapper().readValue(store.readBlob(l.digest()), new TypeReference<LinkedHashMap<String, Object>>() {});
                case MediaTypes.MESSAGES -> messages = Json.mapper().readValue(store.readBlob(l.digest()), new TypeReference<List<Message>>() {});
                default -> { }
            }
        }
        return new LocalModel(sm.name(), sm, config, modelPath, parent, List.copyOf(adapters), List.copyOf(projectors), draft,
                template, system, List.copyOf(licenses), params == null ? Map.of() : params, messages == null ? List.of() : messages);
    }

    private static String text(ModelStore store, Layer l) throws IOException {
        return new String(store.readBlob(l.digest()), StandardCharsets.UTF_8);
    }

    /** The model's Go template, or Ollama's default "{{ .Prompt }}". */
    public String templateOrDefault() {
        return template != null ? template : DEFAULT_TEMPLATE;
    }

    public boolean isGguf() {
        String f = config.modelFormat();
        return f == null || f.isEmpty() || f.equals("gguf");
    }
}
