package dev.jollama.server.compat.openai;

import dev.jollama.api.ChatResponse;
import dev.jollama.api.EmbedResponse;
import dev.jollama.api.GenerateResponse;
import dev.jollama.server.NativeInference;
import dev.jollama.server.Services;
import dev.jollama.server.compat.ChatAccumulator;
import dev.jollama.server.compat.CompatHandler;
import dev.jollama.server.compat.Ids;
import dev.jollama.server.compat.openai.responses.ResponsesEndpoint;
import dev.jollama.server.http.Errors;
import dev.jollama.server.http.JsonBody;
import dev.jollama.server.routes.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * OpenAI's API over the native paths: /v1/chat/completions, /v1/completions, /v1/embeddings, /v1/responses,
 * /v1/models and /v1/models/{model} (the id may hold '/', percent-encoded or not). Errors are OpenAI error objects.
 */
public final class OpenAiRoutes implements RouteGroup {
    private final NativeInference inference;
    private final Models models;
    private final ResponsesEndpoint responses;

    public OpenAiRoutes(Services services, NativeInference inference) {
        this.inference = inference;
        this.models = new Models(services.store(), services.catalog());
        this.responses = new ResponsesEndpoint(inference);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/v1/chat/completions", CompatHandler.of(OpenAiError.SHAPE, this::chat));
        routes.post("/v1/completions", CompatHandler.of(OpenAiError.SHAPE, this::completion));
        routes.post("/v1/embeddings", CompatHandler.of(OpenAiError.SHAPE, this::embeddings));
        routes.post("/v1/responses", CompatHandler.of(OpenAiError.SHAPE, responses::handle));
        routes.get("/v1/models", CompatHandler.of(OpenAiError.SHAPE, ctx -> Errors.json(ctx, 200, models.list())));
        routes.get("/v1/models/<model>", CompatHandler.of(OpenAiError.SHAPE, ctx -> Errors.json(ctx, 200, models.retrieve(ctx.pathParam("model")))));
    }

    private void chat(Context ctx) {
        ChatCompletionTranslation.Call call = ChatCompletionTranslation.toNative(JsonBody.parse(ctx.bodyAsBytes(), ChatCompletionRequest.class));
        String id = Ids.random("chatcmpl-");
        if (call.stream() && !call.request().debugRenderOnly()) {
            CompatHandler.stream(ctx, OpenAiError.SHAPE, sse -> {
                Consumer<ChatResponse> out = new ChatCompletionAnswer.Stream(sse, id, call.includeUsage());
                inference.chat(call.request(), sse::clientGone, call.forced() == null ? out : call.forced().wrap(out));
            });
            return;
        }
        ChatAccumulator all = new ChatAccumulator();
        inference.chat(call.request(), CompatHandler.clientGone(ctx), call.forced() == null ? all : call.forced().wrap(all));
        Errors.json(ctx, 200, ChatCompletionAnswer.whole(id, all.result()));
    }

    private void completion(Context ctx) {
        CompletionTranslation.Call call = CompletionTranslation.toNative(JsonBody.parse(ctx.bodyAsBytes(), CompletionRequest.class));
        String id = Ids.random("cmpl-");
        boolean logprobs = call.request().logprobs();
        if (call.stream() && !call.request().debugRenderOnly()) {
            CompatHandler.stream(ctx, OpenAiError.SHAPE, sse -> inference.generate(call.request(), sse::clientGone,
                    new CompletionAnswer.Stream(sse, id, call.includeUsage(), call.echo(), logprobs)));
            return;
        }
        List<GenerateResponse> chunks = new ArrayList<>();
        inference.generate(call.request(), CompatHandler.clientGone(ctx), chunks::add);
        if (chunks.isEmpty()) throw new IllegalStateException("the generation produced no answer");
        Errors.json(ctx, 200, CompletionAnswer.whole(id, chunks, call.echo(), logprobs));
    }

    private void embeddings(Context ctx) {
        Embeddings.Request req = JsonBody.parse(ctx.bodyAsBytes(), Embeddings.Request.class);
        boolean base64 = Embeddings.base64(req.encodingFormat());
        EmbedResponse r = inference.embed(Embeddings.toNative(req));
        Errors.json(ctx, 200, Embeddings.answer(req.model(), r, base64));
    }
}
