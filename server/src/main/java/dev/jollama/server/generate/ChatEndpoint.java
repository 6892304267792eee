package dev.jollama.server.generate;

import dev.jollama.api.ChatRequest;
import dev.jollama.api.ChatResponse;
import dev.jollama.api.DebugInfo;
import dev.jollama.api.Logprob;
import dev.jollama.api.Message;
import dev.jollama.api.Metrics;
import dev.jollama.api.ThinkValue;
import dev.jollama.api.ToolCall;
import dev.jollama.server.http.ApiException;
import dev.jollama.server.http.ClientConnection;
import dev.jollama.server.http.JsonBody;
import dev.jollama.server.model.Capabilities;
import dev.jollama.server.model.LocalModel;
import dev.jollama.server.parse.OutputParser;
import dev.jollama.server.sched.Completion;
import dev.jollama.server.sched.Lease;
import dev.jollama.server.sched.LoadedModel;
import dev.jollama.server.sched.RunOptions;
import dev.jollama.server.template.ChatMessage;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** POST /api/chat, as Ollama's ChatHandler answers it for models whose prompts jollama renders. */
public final class ChatEndpoint {
    private final InferenceService inference;

    public ChatEndpoint(InferenceService inference) {
        this.inference = inference;
    }

    public void handle(Context ctx) {
        ChatRequest req = JsonBody.read(ctx, ChatRequest.class);
        ClientConnection client = ClientConnection.of(ctx);
        boolean collectCalls = req.tools() != null && !req.tools().isEmpty();
        Replies.<ChatResponse>overHttp(ctx, req.streaming(), (a, b) -> merge(a, b, collectCalls), client, out -> chat(req, client, out));
    }

    /** What POST /api/chat answers, as Java calls; errors before the first reply are {@link ApiException}s. */
    public void chat(ChatRequest req, BooleanSupplier clientGone, Replies<ChatResponse> out) {
        long start = System.nanoTime();
        Requests.checkTopLogprobs(req.topLogprobs());
        LocalModel m = inference.find(req.model(), 400, "model is required");
        List<Message> requested = req.messages() == null ? List.of() : req.messages();
        if (requested.isEmpty() && req.keepAlive() != null && req.keepAlive().nanos() == 0) {
            inference.scheduler().expire(m);
            out.whole(response(req, assistant("", null, null), true, "unload", Metrics.NONE, null));
            return;
        }
        List<String> caps = inference.capabilities(m);
        PromptFormat format = inference.promptFormat(m);
        List<String> wanted = new ArrayList<>(List.of(Capabilities.COMPLETION));
        if (req.tools() != null && !req.tools().isEmpty()) wanted.add(Capabilities.TOOLS);
        ThinkValue think = Requests.think(req.think(), req.model(), caps, format);
        if (!caps.contains(Capabilities.COMPLETION)) throw ApiException.badRequest("\"" + req.model() + "\" does not support chat");
        inference.require(m, caps, wanted);
        for (Message msg : requested) Requests.checkImages(msg.images(), caps);
        String formatJson = OutputFormat.checked(req.format());
        RunOptions options = inference.options(m, req.options(), req.shift(), caps);
        try (Lease lease = inference.schedule(m, options, req.keepAlive(), clientGone)) {
            long loaded = System.nanoTime();
            if (requested.isEmpty()) {
                out.whole(response(req, assistant("", null, null), true, "load", Metrics.NONE, null));
                return;
            }
            List<ChatMessage> msgs = new ArrayList<>(TemplateInputs.messages(m.messages()));
            msgs.addAll(TemplateInputs.messages(requested));
            if (!requested.getFirst().role().equals("system") && !m.system().isEmpty()) msgs.addFirst(ChatMessage.of("system", m.system()));
            msgs = ChatPrompt.withoutEarlierThinking(msgs, m.config().modelFamily(), m.name().model());
            dev.jollama.server.template.ThinkValue t = TemplateInputs.think(think);
            List<Map<String, Object>> tools = TemplateInputs.tools(req.tools());
            boolean truncate = req.truncate() == null || req.truncate();
            LoadedModel model = lease.model();
            int numCtx = Math.min(options.load().numCtx(), model.contextLength());
            String prompt = ChatPrompt.render(format, s -> model.tokenize(s, false).length, numCtx, !m.projectors().isEmpty(), msgs, tools, t, truncate);
            if (req.debugRenderOnly()) {
                int images = msgs.stream().mapToInt(x -> x.images().size()).sum();
                out.whole(new ChatResponse(req.model(), null, null, GenerateEndpoint.now(), new Message("", "", null, null, null, null, null),
                        false, null, new DebugInfo(prompt, images), null, Metrics.NONE));
                return;
            }
            OutputParser parser = format.parser(prompt, t, TemplateInputs.toolNames(req.tools()));
            Completion completion = new Completion(model.tokenize(prompt, true), options, formatJson, req.logprobs(), req.topLogprobs(),
                    req.shift() == null || req.shift(), truncate);
            boolean harmonyWithoutThinking = format.harmony() && think != null && !think.enabled();
            List<ChatMessage> conversation = msgs;
            CompletionRun.Rethink rethink = formatJson != null && format.separatesThinking(t) && caps.contains(Capabilities.THINKING) && !harmonyWithoutThinking
                    ? thinking -> model.tokenize(Requests.withThinking(format, conversation, t, tools, thinking), true) : null;
            Requests.run(lease, completion, parser, rethink, clientGone, new Answer() {
                @Override
                public void piece(Piece p) {
                    if (!p.content().isEmpty() || !p.thinking().isEmpty() || !p.logprobs().isEmpty()) {
                        out.chunk(response(req, assistant(p.content(), p.thinking(), null), false, null, Metrics.NONE, p.logprobs()));
                    }
                    if (!p.toolCalls().isEmpty()) out.chunk(response(req, assistant("", null, p.toolCalls()), false, null, Metrics.NONE, null));
                }

                @Override
                public void end(Piece last, End end) {
                    if (!last.toolCalls().isEmpty()) out.chunk(response(req, assistant("", null, last.toolCalls()), false, null, Metrics.NONE, null));
                    Metrics metrics = new Metrics(System.nanoTime() - start, loaded - start, end.promptEvalCount(),
                            end.promptEvalNanos(), end.evalCount(), end.evalNanos());
                    out.chunk(response(req, assistant(last.content(), last.thinking(), null), true, end.doneReason(), metrics, last.logprobs()));
                }
            });
        }
    }

    private static Message assistant(String content, String thinking, List<ToolCall> calls) {
        return new Message("assistant", content, thinking == null || thinking.isEmpty() ? null : thinking, null,
                calls == null || calls.isEmpty() ? null : calls, null, null);
    }

    private static ChatResponse response(ChatRequest req, Message message, boolean done, String reason, Metrics metrics, List<Logprob> logprobs) {
        return new ChatResponse(req.model(), null, null, GenerateEndpoint.now(), message, done, reason, null,
                logprobs == null || logprobs.isEmpty() ? null : logprobs, metrics);
    }

    /** stream:false: contents and thinking concatenated, tool calls (when tools were given) and logprobs collected. */
    private static Object merge(Object a, Object b, boolean collectCalls) {
        ChatResponse x = (ChatResponse) a, y = (ChatResponse) b;
        Message mx = x.message(), my = y.message();
        List<ToolCall> calls = collectCalls ? Requests.concat(mx.toolCalls(), my.toolCalls()) : my.toolCalls();
        String thinking = nullToEmpty(mx.thinking()) + nullToEmpty(my.thinking());
        Message merged = new Message("assistant", mx.content() + my.content(), thinking.isEmpty() ? null : thinking, null, calls, null, null);
        return new ChatResponse(y.model(), y.remoteModel(), y.remoteHost(), y.createdAt(), merged, y.done(), y.doneReason(), y.debugInfo(),
                Requests.concat(x.logprobs(), y.logprobs()), y.metrics());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
