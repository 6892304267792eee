package dev.jollama.server.model;

import dev.jollama.api.GoTime;
import dev.jollama.api.ListModelResponse;
import dev.jollama.api.ModelDetails;
import dev.jollama.server.store.Digests;
import dev.jollama.server.store.Layer;
import dev.jollama.server.store.MediaTypes;
import dev.jollama.server.store.ModelConfig;
import dev.jollama.server.store.ModelName;
import dev.jollama.server.store.ModelStore;
import dev.jollama.server.store.StoredManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models of a store as the API shows them. GGUF facts are cached by blob digest (blobs never change), so
 * listing reads only manifests and config blobs; everything else is read from disk each time, which keeps
 * several servers on one store consistent.
 */
public final class ModelCatalog {
    private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);

    private final ModelStore store;
    private final Map<String, ModelFacts> facts = new ConcurrentHashMap<>();

    public ModelCatalog(ModelStore store) {
        this.store = store;
    }

    public ModelStore store() {
        return store;
    }

    /** The model of this name (case-insensitively), with its layers read. */
    public LocalModel load(ModelName name) {
        StoredManifest sm = store.require(name);
        try {
            return LocalModel.load(store, sm);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GGUF facts of a model blob, or null when it cannot be read as GGUF. */
    public ModelFacts facts(String digest) {
        if (digest == null) return null;
        String key = Digests.normalize(digest);
        ModelFacts f = facts.get(key);
        if (f != null) return f;
        try {
            f = ModelFacts.read(store.blobPath(key));
        } catch (IOException | RuntimeException e) {
            log.debug("cannot read GGUF {}: {}", key, e.getMessage());
            return null;
        }
        facts.put(key, f);
        return f;
    }

    public ModelFacts facts(LocalModel m) {
        Layer l = m.stored().manifest().layer(MediaTypes.MODEL);
        return l == null ? null : facts(l.digest());
    }

    public List<String> capabilities(LocalModel m) {
        return Capabilities.of(m, m.isGguf() ? facts(m) : null);
    }

    /** /api/tags' entries, newest first. */
    public List<ListModelResponse> list() {
        List<ListModelResponse> out = new ArrayList<>();
        List<StoredManifest> all = store.list();
        all.sort(Comparator.comparing(StoredManifest::modifiedAt).reversed());
        for (StoredManifest sm : all) {
            try {
                out.add(summary(LocalModel.load(store, sm)));
            } catch (IOException | RuntimeException e) {
                log.warn("skipping model {}: {}", sm.name().displayShortest(), e.getMessage());
            }
        }
        return out;
    }

    public ListModelResponse summary(LocalModel m) {
        ModelFacts f = m.isGguf() ? facts(m) : null;
        ModelConfig c = m.config();
        String quant = orEmpty(c.fileType());
        if ((quant.isEmpty() || quant.equals("unknown")) && f != null) quant = f.fileTypeName();
        ModelDetails details = new ModelDetails(m.parentModel(), orEmpty(c.modelFormat()), orEmpty(c.modelFamily()), c.modelFamilies(),
                orEmpty(c.modelType()), quant,
                c.contextLength() > 0 ? c.contextLength() : f == null ? 0 : f.contextLength(),
                c.embeddingLength() > 0 ? c.embeddingLength() : f == null ? 0 : f.embeddingLength());
        String display = m.name().displayShortest();
        return new ListModelResponse(display, display, c.remoteModel(), c.remoteHost(), localTime(m.stored()),
                m.stored().manifest().totalSize(), m.stored().digest(), details, Capabilities.of(m, f));
    }

    /** The details /api/show and /api/ps give (no context or embedding length, as in Ollama). */
    public ModelDetails details(LocalModel m) {
        ModelConfig c = m.config();
        return new ModelDetails(m.parentModel(), orEmpty(c.modelFormat()), orEmpty(c.modelFamily()), c.modelFamilies(),
                orEmpty(c.modelType()), orEmpty(c.fileType()), 0, 0);
    }

    /** A manifest's modification time in the machine's zone, as Go reports a file's mtime. */
    public static OffsetDateTime localTime(StoredManifest sm) {
        return sm.modifiedAt() == null ? GoTime.ZERO : OffsetDateTime.ofInstant(sm.modifiedAt(), ZoneId.systemDefault());
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
