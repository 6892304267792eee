package dev.jollama.server.routes;

import dev.jollama.server.NativeInference;
import dev.jollama.server.Services;
import dev.jollama.server.embed.EmbedEndpoint;
import dev.jollama.server.generate.ChatEndpoint;
import dev.jollama.server.generate.GenerateEndpoint;
import dev.jollama.server.generate.InferenceService;
import dev.jollama.server.generate.LocalInference;
import dev.jollama.server.generate.TokenizeEndpoints;
import dev.jollama.server.sched.Scheduler;
import io.javalin.config.RoutesConfig;

/** POST /api/generate, /api/chat, /api/embed, /api/embeddings, /api/tokenize and /api/detokenize. */
public final class InferenceRoutes implements RouteGroup {
    private final GenerateEndpoint generate;
    private final ChatEndpoint chat;
    private final TokenizeEndpoints tokenize;
    private final EmbedEndpoint embed;

    public InferenceRoutes(Services services, Scheduler scheduler) {
        InferenceService inference = new InferenceService(services, scheduler);
        this.generate = new GenerateEndpoint(inference);
        this.chat = new ChatEndpoint(inference);
        this.tokenize = new TokenizeEndpoints(inference);
        this.embed = new EmbedEndpoint(services, inference);
    }

    /** The same paths as Java calls, for the OpenAI and Anthropic dialects. */
    public NativeInference inference() {
        return new LocalInference(generate, chat, tokenize, embed);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/generate", generate::handle);
        routes.post("/api/chat", chat::handle);
        routes.post("/api/embed", embed::handle);
        routes.post("/api/embeddings", embed::handleLegacy);
        routes.post("/api/tokenize", tokenize::tokenize);
        routes.post("/api/detokenize", tokenize::detokenize);
    }
}
