package dev.jollama.server.create;

import dev.jollama.api.CreateRequest;
import dev.jollama.api.Json;
import dev.jollama.api.ProgressResponse;
import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.gguf.GgufFormatException;
import dev.jollama.server.http.ApiException;
import dev.jollama.server.http.NdjsonResponse.Sink;
import dev.jollama.server.model.ModelFacts;
import dev.jollama.server.store.Digests;
import dev.jollama.server.store.StoreJson;
import dev.jollama.server.store.Layer;
import dev.jollama.server.store.Manifest;
import dev.jollama.server.store.MediaTypes;
import dev.jollama.server.store.ModelConfig;
import dev.jollama.server.store.ModelName;
import dev.jollama.server.store.ModelRef;
import dev.jollama.server.store.ModelStore;
import dev.jollama.server.store.StoredManifest;
import dev.jollama.server.template.BuiltinTemplates;
import dev.jollama.server.template.OllamaTemplate;
import dev.jollama.server.template.gotmpl.GoTemplateException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One POST /api/create, step by step as Ollama runs it: base layers from {@code from} or uploaded {@code files}
 * (GGUF, split GGUF merged, Jinja template mapped to a built-in Go template), then template, system, licenses,
 * parameters and messages layers, the config blob, the status lines, and last the manifest. Every blob is in the
 * store before the manifest names it, so a create that dies half way leaves no model behind, only blobs a later
 * prune removes.
 */
public final class CreateJob {
    private final ModelStore store;
    private final CreateRequest req;
    private final ModelName name;
    private final boolean noPrune;
    private final List<PendingLayer> layers = new ArrayList<>();
    private final ConfigBuilder config = new ConfigBuilder();
    private final ModelStore.Pins pins;
    /** Blobs this create wrote: when a layer is redone with the same content, Ollama still reports it as new. */
    private final java.util.Set<String> written = new java.util.HashSet<>();

    /** A layer of the new manifest with the status line Ollama prints for it. */
    private record PendingLayer(Layer layer, String status) {}

    /** The shards of one split GGUF: same media type, same name prefix and count. */
    private record SplitGroup(String mediaType, String key) {}

    public CreateJob(ModelStore store, CreateRequest req, ModelName name, boolean noPrune) {
        this.store = store;
        this.req = req;
        this.name = name;
        this.noPrune = noPrune;
        this.pins = store.pins();
    }

    public void run(Sink sink) throws Exception {
        try {
            Optional<StoredManifest> old = store.find(name);
            config.renderer = req.renderer();
            config.parser = req.parser();
            config.requires = req.requires();
            if (req.from() != null && !req.from().isEmpty()) {
                fromModel(req.from());
            } else if (req.files() != null) {
                fromFiles(req.files(), sink);
            } else {
                throw ApiException.badRequest("neither 'from' or 'files' was specified");
            }
            if (req.adapters() != null && !req.adapters().isEmpty()) adapters(req.adapters(), sink);
            Info.apply(req.info(), config);
            for (PendingLayer p : List.copyOf(layers)) describeModelLayer(p, sink);
            applyRequestLayers();
            byte[] configBytes = StoreJson.encode(config.build());
            ModelStore.BlobResult configBlob = keep(store.putBlob(configBytes, pins));
            for (PendingLayer p : layers) {
                if (p.status() != null) sink.send(ProgressResponse.of(p.status()));
            }
            sink.send(ProgressResponse.of("writing manifest"));
            Layer configLayer = new Layer(MediaTypes.CONFIG, configBlob.digest(), configBlob.size(), null, null);
            store.writeManifest(name, Manifest.of(configLayer, layers.stream().map(PendingLayer::layer).toList()));
            if (!noPrune && old.isPresent()) store.removeUnusedLayers(old.get().manifest());
            sink.send(ProgressResponse.SUCCESS);
        } finally {
            pins.close();
        }
    }

    // ---- base layers ----

    private void fromModel(String from) throws IOException {
        ModelName source;
        try {
            ModelRef ref = ModelRef.parse(from);
            if (ref.cloud()) throw ApiException.badRequest("remote models are not supported by jollama");
            source = ref.name();
        } catch (ModelRef.Invalid e) {
            throw ApiException.badRequest("invalid model name");
        }
        if (!source.isValid()) throw ApiException.badRequest("invalid model name");
        source = store.resolve(source);
        StoredManifest sm = store.find(source).orElse(null);
        if (sm == null) throw ApiException.notFound("model '" + from + "' not found");
        for (String d : sm.manifest().digests()) {
            if (!pins.addExisting(d)) throw new ApiException(500, "model '" + from + "' is missing blob " + d);
        }
        for (Layer l : sm.manifest().layers()) {
            layers.add(new PendingLayer(l.withFrom(source.displayShortest()), "using existing layer " + l.digest()));
        }
        Layer cfg = sm.manifest().config();
        if (cfg != null && cfg.digest() != null && !cfg.digest().isEmpty() && store.hasBlob(cfg.digest())) {
            ModelConfig base = Json.mapper().readValue(store.readBlob(cfg.digest()), ModelConfig.class);
            config.inherit(base);
        }
    }

    private void fromFiles(Map<String, String> files, Sink sink) throws IOException {
        String type = detectType(files);
        if (type.equals("safetensors")) {
            throw ApiException.badRequest("creating a model from safetensors files is not supported by jollama yet; convert the model to GGUF first");
        }
        if (!type.equals("gguf")) throw ApiException.badRequest("unknown type");
        List<PendingLayer> models = ggufLayers(files, sink, null);
        layers.addAll(models);
        for (PendingLayer p : models) detectTemplate(p.layer());
    }

    private void adapters(Map<String, String> adapters, Sink sink) throws IOException {
        if (adapters.size() > 1) throw ApiException.badRequest("only one adapter is currently supported");
        if (!detectType(adapters).equals("gguf")) throw ApiException.badRequest("unknown type");
        layers.addAll(ggufLayers(adapters, sink, MediaTypes.ADAPTER));
    }

    /** "safetensors", "gguf" or "" as Ollama decides it from names, then from the blobs' first bytes. */
    private String detectType(Map<String, String> files) throws IOException {
        for (String f : files.keySet()) if (f.endsWith(".safetensors")) return "safetensors";
        for (String f : files.keySet()) if (f.endsWith(".gguf")) return "gguf";
        for (String digest : files.values()) {
            if (Digests.isValid(digest) && store.hasBlob(digest) && isGguf(digest)) return "gguf";
        }
        return "";
    }

    private boolean isGguf(String digest) throws IOException {
        try (InputStream in = Files.newInputStream(store.blobPath(digest))) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'G' && magic[1] == 'G' && magic[2] == 'U' && magic[3] == 'F';
        }
    }

    /** One layer per GGUF file, split files merged into one; {@code mediaType} null means decided by the file. */
    private List<PendingLayer> ggufLayers(Map<String, String> files, Sink sink, String mediaType) throws IOException {
        List<PendingLayer> out = new ArrayList<>();
        Map<SplitGroup, List<SplitGguf.Shard>> groups = new LinkedHashMap<>();
        List<GgufFile> open = new ArrayList<>();
        try {
            for (String fileName : new TreeMap<>(files).keySet()) {
                String digest = files.get(fileName);
                sink.send(ProgressResponse.of("parsing GGUF"));
                if (!Digests.isValid(digest)) throw ApiException.badRequest("invalid digest format");
                digest = Digests.normalize(digest);
                if (!pins.addExisting(digest)) {
                    throw ApiException.badRequest("blob \"" + digest + "\" for file \"" + fileName + "\" not found; upload it first with POST /api/blobs/" + digest);
                }
                if (!isGguf(digest)) throw ApiException.badRequest("supplied file was not in GGUF format");
                GgufFile f = openGguf(digest);
                open.add(f);
                ModelFacts facts = ModelFacts.of(f);
                String type = mediaType != null ? mediaType
                        : facts.isAdapter() ? MediaTypes.ADAPTER : facts.isProjector() ? MediaTypes.PROJECTOR : MediaTypes.MODEL;
                if (facts.splitCount() > 1) {
                    SplitGroup key = new SplitGroup(type, SplitGguf.groupKey(fileName, facts.splitNo(), facts.splitCount()));
                    groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new SplitGguf.Shard(fileName, f, facts.splitNo(), facts.splitCount()));
                    continue;
                }
                out.add(new PendingLayer(new Layer(type, digest, Files.size(store.blobPath(digest)), null, null), "using existing layer " + digest));
            }
            for (Map.Entry<SplitGroup, List<SplitGguf.Shard>> g : groups.entrySet()) {
                SplitGguf.Shard[] shards = SplitGguf.ordered(g.getValue());
                sink.send(ProgressResponse.of("merging " + shards.length + " split GGUF files"));
                ModelStore.BlobResult merged = keep(store.putBlob(o -> SplitGguf.merge(shards, o), null, pins));
                out.add(new PendingLayer(new Layer(g.getKey().mediaType(), merged.digest(), merged.size(), null, null), status(merged)));
            }
        } finally {
            for (GgufFile f : open) f.close();
        }
        return out;
    }

    private GgufFile openGguf(String digest) throws IOException {
        try {
            return GgufFile.open(store.blobPath(digest));
        } catch (GgufFormatException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** A GGUF's Jinja chat template close to a built-in one brings that Go template and its stop parameters. */
    private void detectTemplate(Layer model) throws IOException {
        ModelFacts facts = ModelFacts.read(store.blobPath(model.digest()));
        if (facts.chatTemplate().isEmpty()) return;
        String name = BuiltinTemplates.detect(facts.chatTemplate()).orElse(null);
        if (name == null) return;
        ModelStore.BlobResult tb = keep(store.putBlob(BuiltinTemplates.source(name).orElseThrow().getBytes(StandardCharsets.UTF_8), pins));
        layers.add(new PendingLayer(new Layer(MediaTypes.TEMPLATE, tb.digest(), tb.size(), null, null), "using autodetected template " + name));
        List<String> stop = BuiltinTemplates.stop(name);
        if (!stop.isEmpty()) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("stop", stop);
            ModelStore.BlobResult pb = keep(store.putBlob(StoreJson.encode(params), pins));
            layers.add(new PendingLayer(new Layer(MediaTypes.PARAMS, pb.digest(), pb.size(), null, null), status(pb)));
        }
    }

    /**
     * Fills the config from the model layer's GGUF (format, family, parameter size, file type), after converting the
     * layer if quantize asks for another type.
     */
    private void describeModelLayer(PendingLayer p, Sink sink) throws IOException {
        Layer l = p.layer();
        if (!l.mediaType().equals(MediaTypes.MODEL) && !l.mediaType().equals(MediaTypes.DRAFT)) return;
        ModelFacts facts;
        try {
            facts = ModelFacts.read(store.blobPath(l.digest()));
        } catch (GgufFormatException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (l.mediaType().equals(MediaTypes.DRAFT)) {
            config.draft = new ModelConfig.Draft("gguf", facts.architecture(), null, null);
            return;
        }
        Optional<Quantize.Request> quantize = Quantize.plan(req.quantizeType(), facts.fileTypeName());
        if (quantize.isPresent()) {
            ModelStore.BlobResult b = keep(Quantize.convert(store, pins, store.blobPath(l.digest()), l.size(),
                    facts.fileTypeName(), quantize.get(), sink));
            layers.set(layers.indexOf(p), new PendingLayer(new Layer(MediaTypes.MODEL, b.digest(), b.size(), null, null), status(b)));
            facts = ModelFacts.read(store.blobPath(b.digest()));
        }
        config.describe(facts);
    }

    // ---- layers from the request ----

    private void applyRequestLayers() throws IOException {
        if (req.template() != null && !req.template().isEmpty()) {
            try {
                OllamaTemplate.parse(req.template());
            } catch (GoTemplateException e) {
                throw ApiException.badRequest("template error: " + e.getMessage());
            }
            replace(MediaTypes.TEMPLATE, req.template().getBytes(StandardCharsets.UTF_8));
        }
        if (req.system() != null && !req.system().isEmpty()) replace(MediaTypes.SYSTEM, req.system().getBytes(StandardCharsets.UTF_8));
        List<String> licenses;
        try {
            licenses = req.licenses();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        boolean single = req.license() != null && req.license().isTextual();
        for (String license : licenses) {
            if (single && license.isEmpty()) continue;
            add(MediaTypes.LICENSE, license.getBytes(StandardCharsets.UTF_8));
        }
        Map<String, Object> params = new TreeMap<>(Parameters.typed(req.parameters()));
        for (PendingLayer p : layers) {
            if (!p.layer().mediaType().equals(MediaTypes.PARAMS)) continue;
            Map<?, ?> existing = Json.mapper().readValue(store.readBlob(p.layer().digest()), Map.class);
            existing.forEach((k, v) -> params.putIfAbsent(String.valueOf(k), v));
        }
        if (!params.isEmpty()) replace(MediaTypes.PARAMS, StoreJson.encode(params));
        if (req.messages() != null && !req.messages().isEmpty()) replace(MediaTypes.MESSAGES, StoreJson.encode(req.messages()));
    }

    private void replace(String mediaType, byte[] content) {
        layers.removeIf(p -> p.layer().mediaType().equals(mediaType));
        add(mediaType, content);
    }

    private void add(String mediaType, byte[] content) {
        ModelStore.BlobResult b = keep(store.putBlob(content, pins));
        layers.add(new PendingLayer(new Layer(mediaType, b.digest(), b.size(), null, null), status(b)));
    }

    /** Notes the blobs this create wrote itself (they are pinned already). */
    private ModelStore.BlobResult keep(ModelStore.BlobResult b) {
        if (!b.existed()) written.add(b.digest());
        return b;
    }

    /** "creating new layer" for a blob this create wrote, "using existing layer" for one that was there before. */
    private String status(ModelStore.BlobResult b) {
        return (written.contains(b.digest()) ? "creating new layer " : "using existing layer ") + b.digest();
    }
}
