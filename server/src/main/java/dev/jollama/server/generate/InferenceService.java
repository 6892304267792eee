package dev.jollama.server.generate;

import dev.jollama.api.KeepAlive;
import dev.jollama.server.Services;
import dev.jollama.server.http.ApiException;
import dev.jollama.server.model.Capabilities;
import dev.jollama.server.model.LocalModel;
import dev.jollama.server.model.ModelFacts;
import dev.jollama.server.sched.Lease;
import dev.jollama.server.sched.RunOptions;
import dev.jollama.server.sched.Scheduler;
import dev.jollama.server.store.ModelName;
import dev.jollama.server.store.ModelRef;
import dev.jollama.server.store.StoreErrors;
import dev.jollama.server.template.gotmpl.GoTemplateException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What the generate and chat endpoints share: finding the model a request names, checking what it can do, merging
 * options, scheduling it, and choosing how its prompts are made. Errors carry Ollama's texts and statuses.
 */
public final class InferenceService {
    private final Services services;
    private final Scheduler scheduler;

    public InferenceService(Services services, Scheduler scheduler) {
        this.services = services;
        this.scheduler = scheduler;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /**
     * The model a request names (a {@code :local} suffix dropped), looked up case-insensitively. An invalid name is
     * 400 "invalid model name"; a missing one 404 {@code model '<m>' not found}; a {@code :cloud} model 403, as
     * Ollama answers with cloud disabled; an empty name answers {@code emptyStatus}/{@code emptyMessage}
     * (generate: 404 not found, chat: 400 "model is required").
     */
    public LocalModel find(String requested, int emptyStatus, String emptyMessage) {
        ModelName name = localName(requested, emptyStatus, emptyMessage);
        try {
            return services.catalog().load(services.store().resolve(name));
        } catch (StoreErrors.ModelNotFoundException e) {
            throw ApiException.notFound("model '" + requested + "' not found");
        }
    }

    /** What inference routes answer for a cloud model: jollama has no cloud, so it is disabled. */
    public static final String CLOUD_INFERENCE_DISABLED = ModelRef.CLOUD_DISABLED + ": remote model is unavailable";

    /**
     * The local model name a request's reference names, checked as Ollama's inference handlers check it before
     * any lookup (parseAndValidateModelRef): errors as {@link #find}.
     */
    public static ModelName localName(String requested, int emptyStatus, String emptyMessage) {
        ModelRef ref;
        try {
            ref = ModelRef.parse(requested);
        } catch (ModelRef.Invalid e) {
            throw e.required() ? new ApiException(emptyStatus, emptyMessage) : ApiException.badRequest(e.getMessage());
        }
        ModelName name = ref.name();
        if (!name.isValid()) throw ApiException.badRequest("invalid model name");
        if (ref.cloud()) throw new ApiException(403, CLOUD_INFERENCE_DISABLED);
        return name;
    }

    public List<String> capabilities(LocalModel m) {
        return services.catalog().capabilities(m);
    }

    public ModelFacts facts(LocalModel m) {
        return services.catalog().facts(m);
    }

    /** Ollama's CheckCapabilities: 400 {@code <full name> does not support <missing...>}. */
    public void require(LocalModel m, List<String> have, List<String> wanted) {
        List<String> missing = new ArrayList<>();
        for (String c : wanted) {
            if (!have.contains(c)) missing.add(c);
        }
        if (missing.isEmpty()) return;
        String msg = m.name() + " does not support " + String.join("\n", missing);
        if (missing.contains(Capabilities.THINKING) && ("qwen3".equals(m.config().modelFamily()) || m.name().model().equals("deepseek-r1"))) {
            msg += ". Pull the model again to get the latest version with full thinking support";
        }
        throw ApiException.badRequest(msg);
    }

    /**
     * The request's options over the model's PARAMETERs over the defaults. A value of the wrong type is a 500 with
     * Ollama's text, as Ollama answers it.
     */
    public RunOptions options(LocalModel m, java.util.Map<String, Object> requestOptions, Boolean shift, List<String> caps) {
        boolean contextShift = shift != null ? shift : !isDeepseek2(m);
        try {
            return RunOptions.resolve(services.config().contextLength(), m.params(), requestOptions, contextShift,
                    m.draftPath() != null, caps.contains(Capabilities.VISION));
        } catch (IllegalArgumentException e) {
            throw new ApiException(500, e.getMessage());
        }
    }

    private static boolean isDeepseek2(LocalModel m) {
        List<String> families = m.config().modelFamilies();
        return "deepseek2".equals(m.config().modelFamily()) || (families != null && families.contains("deepseek2"));
    }

    /** A slot of the model, loading it first if needed; keep_alive null leaves the model's current keep-alive. */
    public Lease schedule(LocalModel m, RunOptions options, KeepAlive keepAlive, BooleanSupplier cancelled) {
        Long keep = keepAlive == null ? null : keepAlive.nanos();
        return scheduler.acquire(new Scheduler.Request(m, options.load(), keep), cancelled);
    }

    /** How the model's prompts are made; a Go template that does not parse is a 500 with Go's message. */
    public PromptFormat promptFormat(LocalModel m) {
        try {
            return PromptFormats.of(m, facts(m), services.config().goTemplate());
        } catch (GoTemplateException e) {
            throw new ApiException(500, e.getMessage());
        }
    }
}
