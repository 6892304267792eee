package dev.jollama.server.embed;

import dev.jollama.api.EmbedRequest;
import dev.jollama.api.EmbedResponse;
import dev.jollama.api.EmbeddingRequest;
import dev.jollama.api.EmbeddingResponse;
import dev.jollama.api.KeepAlive;
import dev.jollama.engine.EmbeddingModel;
import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.model.Pooling;
import dev.jollama.server.Services;
import dev.jollama.server.generate.InferenceService;
import dev.jollama.server.http.ApiException;
import dev.jollama.server.http.ClientConnection;
import dev.jollama.server.http.Errors;
import dev.jollama.server.http.JsonBody;
import dev.jollama.server.model.Capabilities;
import dev.jollama.server.model.LocalModel;
import dev.jollama.server.sched.LoadSettings;
import dev.jollama.server.sched.Lease;
import dev.jollama.server.sched.RunOptions;
import dev.jollama.server.sched.Scheduler;
import dev.jollama.server.template.gotmpl.GoFormat;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * POST /api/embed and the legacy POST /api/embeddings, as Ollama's EmbedHandler and EmbeddingsHandler answer them
 * over llama-server: the model is scheduled like any other (an empty input only loads it), each input is cut to the
 * context, all inputs of the request go to the engine at once, and the vectors come back L2-normalised
 * (/api/embed) or as the engine gives them (/api/embeddings: normalised too, except for the models Ollama keeps raw).
 */
public final class EmbedEndpoint {
    /** What Ollama answers (501, from llama-server) when the model has no pooling type. */
    static final String NOT_SUPPORTED = "This server does not support embeddings. Start it with `--embeddings`";
    static final String POOLING_NONE = "Pooling type 'none' is not OAI compatible. Please use a different pooling type";
    /** num_batch of embedding models unless the request or the model sets one (llama.DefaultEmbeddingNumBatch). */
    static final int DEFAULT_NUM_BATCH = 2048;

    private final Services services;
    private final InferenceService inference;

    public EmbedEndpoint(Services services, InferenceService inference) {
        this.services = services;
        this.inference = inference;
    }

    public void handle(Context ctx) {
        EmbedRequest req = JsonBody.read(ctx, EmbedRequest.class);
        Errors.json(ctx, 200, embed(req, ClientConnection.of(ctx)));
    }

    public void handleLegacy(Context ctx) {
        EmbeddingRequest req = JsonBody.read(ctx, EmbeddingRequest.class);
        Errors.json(ctx, 200, embeddings(req, ClientConnection.of(ctx)));
    }

    /** POST /api/embed as a Java call (for /v1/embeddings); errors are {@link ApiException}s with Ollama's texts. */
    public EmbedResponse embed(EmbedRequest req, BooleanSupplier clientGone) {
        long start = System.nanoTime();
        String notFound = "model '" + nullToEmpty(req.model()) + "' not found";
        checkName(req.model(), 404, notFound);
        List<String> inputs = EmbedInputs.of(req.input());
        LocalModel m = findToSchedule(req.model(), 404, notFound);
        Plan plan = plan(m, req.options());
        try (Lease lease = schedule(m, plan, req.keepAlive(), clientGone)) {
            long loaded = System.nanoTime();
            if (inputs.isEmpty()) return new EmbedResponse(req.model(), new float[0][], 0, 0, 0);
            EmbeddingModel em = lease.model().embeddings();
            InputLimits limits = new InputLimits(lease.model(), em, plan.requestedNumCtx(), trainContext(m), plan.load().numBatch());
            boolean truncate = req.truncate() == null || req.truncate();
            int[][] sequences = new int[inputs.size()][];
            int tokens = 0;
            for (int i = 0; i < sequences.length; i++) {
                sequences[i] = limits.sequence(inputs.get(i), truncate);
                tokens += sequences[i].length;
            }
            float[][] raw = run(usable(em, 400), sequences);
            float[][] vectors = new float[raw.length][];
            for (int i = 0; i < raw.length; i++) vectors[i] = Vectors.ollamaNormalized(Vectors.engineNormalized(raw[i]), req.dimensions());
            return new EmbedResponse(req.model(), vectors, System.nanoTime() - start, loaded - start, tokens);
        }
    }

    /** The legacy POST /api/embeddings: one prompt, no truncation, failures of the embedding itself are 500s. */
    public EmbeddingResponse embeddings(EmbeddingRequest req, BooleanSupplier clientGone) {
        checkName(req.model(), 400, "model is required");
        LocalModel m = findToSchedule(req.model(), 400, "model is required");
        Plan plan = plan(m, req.options());
        try (Lease lease = schedule(m, plan, req.keepAlive(), clientGone)) {
            String prompt = nullToEmpty(req.prompt());
            if (prompt.isEmpty()) return new EmbeddingResponse(new double[0]);
            EmbeddingModel em = usable(lease.model().embeddings(), 500);
            int[] sequence = lease.model().tokenize(prompt, true);
            if (sequence.length == 0) throw new ApiException(500, "Input content cannot be empty");
            if (sequence.length > em.maxSequenceLength()) throw new ApiException(500, InputLimits.TOO_LONG);
            float[] v = run(em, new int[][]{sequence})[0];
            if (!legacyRaw(em.metadata())) v = Vectors.engineNormalized(v);
            double[] out = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                // Ollama fails to encode such a vector; say why instead
                if (!Float.isFinite(v[i])) throw new ApiException(500, "embedding contains NaN or Inf values");
                out[i] = v[i];
            }
            return new EmbeddingResponse(out);
        }
    }

    /**
     * Whether Ollama's legacy endpoint hands this model's vectors back unnormalised (it asks llama-server for
     * {@code embd_normalize: -1}): BERT models with a non-WordPiece tokenizer or {@code normalize_embeddings} false,
     * and nomic-bert unless {@code normalize_embeddings} is true.
     */
    static boolean legacyRaw(GgufMetadata md) {
        String arch = md.getString("general.architecture", "");
        if (!md.contains(arch + ".pooling_type")) return false;
        return switch (arch) {
            case "bert" -> !md.getString("tokenizer.ggml.model", "bert").equals("bert") || !md.getBool(arch + ".normalize_embeddings", true);
            case "nomic-bert", "nomic-bert-moe" -> !md.getBool(arch + ".normalize_embeddings", false);
            default -> false;
        };
    }

    /** The load settings of an embedding request, and num_ctx as asked for (Ollama cuts inputs to it). */
    private record Plan(LoadSettings load, int requestedNumCtx) {}

    /**
     * The request's options over the model's, with Ollama's embedding default: num_batch min(2048, num_ctx) unless
     * the request or the model sets it.
     */
    private Plan plan(LocalModel m, Map<String, Object> request) {
        List<String> caps = inference.capabilities(m);
        RunOptions options = inference.options(m, request, null, caps);
        int numCtx = requestedNumCtx(request, m.params());
        LoadSettings l = options.load();
        if (caps.contains(Capabilities.EMBEDDING) && !has(request, "num_batch") && !has(m.params(), "num_batch")) {
            int batch = numCtx > 0 ? Math.min(DEFAULT_NUM_BATCH, numCtx) : DEFAULT_NUM_BATCH;
            l = new LoadSettings(l.numCtx(), batch, l.numGpu(), l.mainGpu(), l.useMmap(), l.numThread(), l.draftNumPredict(),
                    l.contextShift(), l.numCtxAuto(), false);
        }
        return new Plan(l, numCtx);
    }

    /** num_ctx of the request, else of the model, else OLLAMA_CONTEXT_LENGTH, else the default; not clamped. */
    private int requestedNumCtx(Map<String, Object> request, Map<String, Object> params) {
        for (Map<String, Object> layer : java.util.Arrays.asList(request, params)) {
            if (has(layer, "num_ctx") && layer.get("num_ctx") instanceof Number n) return (int) Math.clamp(n.longValue(), Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        int env = services.config().contextLength();
        return env > 0 ? env : RunOptions.DEFAULT_NUM_CTX;
    }

    private Lease schedule(LocalModel m, Plan plan, KeepAlive keepAlive, BooleanSupplier cancelled) {
        Long keep = keepAlive == null ? null : keepAlive.nanos();
        return inference.scheduler().acquire(new Scheduler.Request(m, plan.load(), keep), cancelled);
    }

    private int trainContext(LocalModel m) {
        return inference.scheduler().trainContext(m);
    }

    /** The model's embedder; a model without one is Ollama's 501, pooling "none" its 400 (500 on the legacy path). */
    private static EmbeddingModel usable(EmbeddingModel em, int poolingNoneStatus) {
        if (em == null) throw new ApiException(501, NOT_SUPPORTED);
        Pooling p = em.config().pooling();
        if (p == Pooling.NONE) throw new ApiException(poolingNoneStatus, POOLING_NONE);
        if (p == Pooling.RANK) throw new ApiException(poolingNoneStatus, "rerank models (pooling type 'rank') give no embeddings");
        return em;
    }

    private static float[][] run(EmbeddingModel em, int[][] sequences) {
        try {
            return em.embed(sequences);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(499, "request canceled");
        }
    }

    /**
     * The model; a missing one is answered as Ollama's embed handlers answer it (their model lookup fails inside
     * scheduling): 404 {@code model "<m>" not found, try pulling it first}.
     */
    private LocalModel findToSchedule(String model, int emptyStatus, String emptyMessage) {
        try {
            return inference.find(model, emptyStatus, emptyMessage);
        } catch (ApiException e) {
            if (e.status() != 404) throw e;
            throw ApiException.notFound("model " + GoFormat.quote(model) + " not found, try pulling it first");
        }
    }

    private static void checkName(String requested, int emptyStatus, String emptyMessage) {
        InferenceService.localName(requested, emptyStatus, emptyMessage);
    }

    private static boolean has(Map<String, Object> m, String key) {
        return m != null && m.containsKey(key);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
