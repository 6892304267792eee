package dev.jollama.server.compat.anthropic;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jollama.api.ChatRequest;
import dev.jollama.api.ChatResponse;
import dev.jollama.server.NativeInference;
import dev.jollama.server.Services;
import dev.jollama.server.compat.ChatAccumulator;
import dev.jollama.server.compat.CompatHandler;
import dev.jollama.server.compat.Ids;
import dev.jollama.server.generate.InferenceService;
import dev.jollama.server.http.ApiException;
import dev.jollama.server.http.Errors;
import dev.jollama.server.http.JsonBody;
import dev.jollama.server.model.Capabilities;
import dev.jollama.server.routes.RouteGroup;
import dev.jollama.server.store.ModelName;
import dev.jollama.server.store.StoreErrors;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;
import java.util.function.Consumer;

/**
 * Anthropic's Messages API over the native chat path: POST /v1/messages (stream or not) and
 * POST /v1/messages/count_tokens (which Ollama lacks and Claude Code calls): the request's prompt rendered with the
 * model's template, tools and thinking included, counted with the model's tokenizer.
 */
public final class AnthropicRoutes implements RouteGroup {
    private final Services services;
    private final NativeInference inference;

    public AnthropicRoutes(Services services, NativeInference inference) {
        this.services = services;
        this.inference = inference;
    }

    record TokenCount(@JsonProperty("input_tokens") int inputTokens) {}

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/v1/messages", CompatHandler.of(AnthropicError.SHAPE, this::messages));
        routes.post("/v1/messages/count_tokens", CompatHandler.of(AnthropicError.SHAPE, this::countTokens));
    }

    private void messages(Context ctx) {
        MessagesRequest r = JsonBody.parse(ctx.bodyAsBytes(), MessagesRequest.class);
        MessagesTranslation.Call call = MessagesTranslation.messages(r);
        ChatRequest req = relaxThinking(call.request());
        String id = Ids.random("msg_");
        if (r.stream()) {
            CompatHandler.stream(ctx, AnthropicError.SHAPE, sse -> {
                Consumer<ChatResponse> out = new MessagesAnswer.Stream(sse, id, r.model(), call.estimatedInputTokens());
                inference.chat(req, sse::clientGone, call.forced() == null ? out : call.forced().wrap(out));
            });
            return;
        }
        ChatAccumulator all = new ChatAccumulator();
        inference.chat(req, CompatHandler.clientGone(ctx), call.forced() == null ? all : call.forced().wrap(all));
        Errors.json(ctx, 200, MessagesAnswer.whole(id, all.result()));
    }

    private void countTokens(Context ctx) {
        MessagesRequest r = JsonBody.parse(ctx.bodyAsBytes(), MessagesRequest.class);
        ChatRequest req = relaxThinking(MessagesTranslation.countTokens(r).request());
        ChatAccumulator rendered = new ChatAccumulator();
        inference.chat(req, CompatHandler.clientGone(ctx), rendered);
        ChatResponse answer = rendered.result();
        if (answer.debugInfo() == null) throw new IllegalStateException("the chat path did not render the prompt");
        Errors.json(ctx, 200, new TokenCount(inference.tokenize(r.model(), answer.debugInfo().renderedTemplate()).length));
    }

    /**
     * Thinking asked of a model that cannot think is dropped rather than refused, as Ollama does for this dialect
     * (Claude Code asks for it whatever the model).
     */
    private ChatRequest relaxThinking(ChatRequest req) {
        if (req.think() == null || !req.think().enabled()) return req;
        List<String> caps = capabilities(req.model());
        return caps.isEmpty() || caps.contains(Capabilities.THINKING) ? req : req.withThink(null);
    }

    /** The model's capabilities, or none when the name does not resolve (the native path then answers its error). */
    private List<String> capabilities(String model) {
        try {
            ModelName name = InferenceService.localName(model, 400, "model is required");
            return services.catalog().capabilities(services.catalog().load(services.store().resolve(name)));
        } catch (ApiException | StoreErrors.ModelNotFoundException e) {
            return List.of();
        }
    }
}
