package dev.jollama.server.compat.openai.responses;

import dev.jollama.api.ChatResponse;
import dev.jollama.server.NativeInference;
import dev.jollama.server.compat.ChatAccumulator;
import dev.jollama.server.compat.CompatHandler;
import dev.jollama.server.compat.Ids;
import dev.jollama.server.compat.Sse;
import dev.jollama.server.compat.openai.OpenAiError;
import dev.jollama.server.http.ApiException;
import dev.jollama.server.http.Errors;
import dev.jollama.server.http.JsonBody;
import io.javalin.http.Context;

import java.util.function.Consumer;

/**
 * POST /v1/responses over the native chat path, stateless. A failure once the stream has started ends it with
 * response.failed, as OpenAI ends a failed response.
 */
public final class ResponsesEndpoint {
    private final NativeInference inference;

    public ResponsesEndpoint(NativeInference inference) {
        this.inference = inference;
    }

    public void handle(Context ctx) {
        String encoding = ctx.header("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.equalsIgnoreCase("identity")) {
            throw ApiException.badRequest("request bodies with Content-Encoding " + encoding + " are not supported");
        }
        ResponsesRequest r = JsonBody.parse(ctx.bodyAsBytes(), ResponsesRequest.class);
        ResponsesTranslation.Call call = ResponsesTranslation.toNative(r);
        ResponseObject response = new ResponseObject(Ids.random("resp_"), r);
        if (r.streaming()) {
            CompatHandler.stream(ctx, OpenAiError.SHAPE, sse -> {
                ResponsesStream events = new ResponsesStream(sse, response);
                Consumer<ChatResponse> out = call.forced() == null ? events : call.forced().wrap(events);
                try {
                    inference.chat(call.request(), sse::clientGone, out);
                } catch (Sse.ClientGone e) {
                    throw e;
                } catch (RuntimeException e) {
                    if (!sse.started()) throw e;
                    events.fail(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                }
            });
            return;
        }
        ChatAccumulator all = new ChatAccumulator();
        inference.chat(call.request(), CompatHandler.clientGone(ctx), call.forced() == null ? all : call.forced().wrap(all));
        ResponsesStream whole = new ResponsesStream(DROP, response);
        whole.accept(all.result());
        Errors.json(ctx, 200, whole.response());
    }

    private static final dev.jollama.server.compat.EventSink DROP = new dev.jollama.server.compat.EventSink() {
        @Override
        public void data(Object payload) {}

        @Override
        public void event(String name, Object payload) {}

        @Override
        public void done() {}
    };
}
