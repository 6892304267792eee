package dev.jollama.server.generate;

import dev.jollama.api.DebugInfo;
import dev.jollama.api.GenerateRequest;
import dev.jollama.api.GenerateResponse;
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
import dev.jollama.server.parse.OutputParsers;
import dev.jollama.server.sched.Completion;
import dev.jollama.server.sched.Lease;
import dev.jollama.server.sched.LoadedModel;
import dev.jollama.server.sched.RunOptions;
import dev.jollama.server.template.ChatMessage;
import dev.jollama.server.template.OllamaTemplate;
import dev.jollama.server.template.TemplateValues;
import dev.jollama.server.template.gotmpl.GoTemplateException;
import io.javalin.http.Context;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** POST /api/generate, as Ollama's GenerateHandler answers it. */
public final class GenerateEndpoint {
    private final InferenceService inference;

    public GenerateEndpoint(InferenceService inference) {
        this.inference = inference;
    }

    public void handle(Context ctx) {
        GenerateRequest req = JsonBody.read(ctx, GenerateRequest.class);
        ClientConnection client = ClientConnection.of(ctx);
        Replies.<GenerateResponse>overHttp(ctx, req.streaming(), GenerateEndpoint::merge, client, out -> generate(req, client, out));
    }

    /** What POST /api/generate answers, as Java calls; errors before the first reply are {@link ApiException}s. */
    public void generate(GenerateRequest req, BooleanSupplier clientGone, Replies<GenerateResponse> out) {
        long start = System.nanoTime();
        Requests.checkTopLogprobs(req.topLogprobs());
        LocalModel m = inference.find(req.model(), 404, "model '" + nullToEmpty(req.model()) + "' not found");
        String prompt = nullToEmpty(req.prompt());
        if (prompt.isEmpty() && req.keepAlive() != null && req.keepAlive().nanos() == 0) {
            inference.scheduler().expire(m);
            out.whole(response(req, "", true, "unload", null, Metrics.NONE, null, null));
            return;
        }
        List<String> caps = inference.capabilities(m);
        if (caps.contains("image")) throw ApiException.badRequest("image generation models are not currently supported");
        boolean hasContext = req.context() != null && req.context().length > 0;
        if (req.raw() && (!nullToEmpty(req.template()).isEmpty() || !nullToEmpty(req.system()).isEmpty() || hasContext)) {
            throw ApiException.badRequest("raw mode does not support template, system, or context");
        }
        PromptFormat format = inference.promptFormat(m);
        ThinkValue think = Requests.think(req.think(), req.model(), caps, format);
        List<String> wanted = new ArrayList<>(List.of(Capabilities.COMPLETION));
        if (!nullToEmpty(req.suffix()).isEmpty()) wanted.add(Capabilities.INSERT);
        if (!caps.contains(Capabilities.COMPLETION)) throw ApiException.badRequest("\"" + req.model() + "\" does not support generate");
        inference.require(m, caps, wanted);
        Requests.checkImages(req.images(), caps);
        String formatJson = OutputFormat.checked(req.format());
        RunOptions options = inference.options(m, req.options(), req.shift(), caps);
        try (Lease lease = inference.schedule(m, options, req.keepAlive(), clientGone)) {
            long loaded = System.nanoTime();
            if (prompt.isEmpty()) {
                out.whole(response(req, "", true, "load", null, Metrics.NONE, null, null));
                return;
            }
            boolean truncate = req.truncate() == null || req.truncate();
            Built built = build(req, m, format, think, lease, options, truncate);
            if (req.debugRenderOnly()) {
                GenerateResponse debug = new GenerateResponse(req.model(), null, null, now(), "", null, false, null, null, Metrics.NONE,
                        null, new DebugInfo(built.prompt, req.images() == null ? 0 : req.images().size()), null);
                out.whole(debug);
                return;
            }
            boolean raw = req.raw();
            OutputParser parser = raw && format.harmony() ? OutputParsers.passthrough()
                    : format.parser(built.prompt, TemplateInputs.think(think), List.of());
            LoadedModel model = lease.model();
            Completion completion = new Completion(model.tokenize(built.prompt, true), options, formatJson, req.logprobs(),
                    req.topLogprobs(), req.shift() == null || req.shift(), truncate);
            CompletionRun.Rethink rethink = formatJson != null && built.messages != null && format.separatesThinking(TemplateInputs.think(think))
                    && caps.contains(Capabilities.THINKING)
                    ? thinking -> model.tokenize(Requests.withThinking(format, built.messages, TemplateInputs.think(think), List.of(), thinking), true)
                    : null;
            Requests.run(lease, completion, parser, rethink, clientGone, new Answer() {
                final List<ToolCall> calls = new ArrayList<>();

                @Override
                public void piece(Piece p) {
                    calls.addAll(p.toolCalls());
                    if (p.content().isEmpty() && p.thinking().isEmpty() && p.logprobs().isEmpty()) return;
                    out.chunk(response(req, p.content(), false, null, p.thinking(), Metrics.NONE, null, p.logprobs()));
                }

                @Override
                public void end(Piece last, End end) {
                    calls.addAll(last.toolCalls());
                    int[] context = raw ? null : model.tokenize(built.prompt + end.rawOutput(), false);
                    Metrics metrics = new Metrics(System.nanoTime() - start, loaded - start, end.promptEvalCount(),
                            end.promptEvalNanos(), end.evalCount(), end.evalNanos());
                    out.chunk(new GenerateResponse(req.model(), null, null, now(), last.content(), last.thinking(), true,
                            end.doneReason(), context, metrics, calls.isEmpty() ? null : List.copyOf(calls), null,
                            last.logprobs().isEmpty() ? null : last.logprobs()));
                }
            });
        }
    }

    /** The prompt, and for the chat-like flow the messages it was rendered from (null otherwise). */
    private record Built(String prompt, List<ChatMessage> messages) {}

    private Built build(GenerateRequest req, LocalModel m, PromptFormat format, ThinkValue think, Lease lease, RunOptions options,
                        boolean truncate) {
        String prompt = nullToEmpty(req.prompt());
        if (req.raw()) return new Built(prompt, null);
        dev.jollama.server.template.ThinkValue t = TemplateInputs.think(think);
        String suffix = nullToEmpty(req.suffix());
        String override = nullToEmpty(req.template());
        List<ChatMessage> msgs = new ArrayList<>();
        if (suffix.isEmpty()) {
            String system = !nullToEmpty(req.system()).isEmpty() ? req.system() : m.system();
            if (!system.isEmpty()) msgs.add(ChatMessage.of("system", system));
            if (req.context() == null) msgs.addAll(TemplateInputs.messages(m.messages()));
            msgs.add(TemplateInputs.message(new Message("user", prompt, null, req.images(), null, null, null)));
        }
        String rendered;
        List<ChatMessage> chatLike = null;
        if (!suffix.isEmpty() || !override.isEmpty()) {
            OllamaTemplate template;
            try {
                template = OllamaTemplate.parse(override.isEmpty() ? m.templateOrDefault() : override);
                rendered = template.render(suffix.isEmpty() ? new TemplateValues(msgs, null, t, "", "")
                        : TemplateValues.fillInMiddle(prompt, suffix, t));
            } catch (GoTemplateException e) {
                throw new ApiException(500, e.getMessage());
            }
        } else {
            LoadedModel model = lease.model();
            int numCtx = Math.min(options.load().numCtx(), model.contextLength());
            rendered = ChatPrompt.render(format, s -> model.tokenize(s, false).length, numCtx, !m.projectors().isEmpty(), msgs, List.of(), t, truncate);
            chatLike = msgs;
        }
        if (req.context() != null) rendered = lease.model().detokenize(req.context()) + rendered;
        return new Built(rendered, chatLike);
    }

    private static GenerateResponse response(GenerateRequest req, String text, boolean done, String reason, String thinking, Metrics metrics,
                                             int[] context, List<Logprob> logprobs) {
        return new GenerateResponse(req.model(), null, null, now(), text, thinking, done, reason, context, metrics, null, null,
                logprobs == null || logprobs.isEmpty() ? null : logprobs);
    }

    /** stream:false: one object with the texts concatenated, tool calls and logprobs collected, the last chunk's rest. */
    private static Object merge(Object a, Object b) {
        GenerateResponse x = (GenerateResponse) a, y = (GenerateResponse) b;
        return new GenerateResponse(y.model(), y.remoteModel(), y.remoteHost(), y.createdAt(), x.response() + y.response(),
                nullToEmpty(x.thinking()) + nullToEmpty(y.thinking()), y.done(), y.doneReason(), y.context(), y.metrics(),
                Requests.concat(x.toolCalls(), y.toolCalls()), y.debugInfo(), Requests.concat(x.logprobs(), y.logprobs()));
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
