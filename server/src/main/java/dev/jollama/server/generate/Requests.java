package dev.jollama.server.generate;

import dev.jollama.api.ThinkValue;
import dev.jollama.server.http.ApiException;
import dev.jollama.server.model.Capabilities;
import dev.jollama.server.template.ChatMessage;

import java.util.ArrayList;
import java.util.List;

/** Checks and small rules generate and chat share, with Ollama's error texts. */
final class Requests {
    private Requests() {}

    static void checkTopLogprobs(int topLogprobs) {
        if (topLogprobs < 0 || topLogprobs > 20) throw ApiException.badRequest("top_logprobs must be between 0 and 20");
    }

    /**
     * The think setting a request runs with: on by default for thinking models, a 400 when asked of a model that
     * cannot think; "max" is "high" for harmony, whose levels stop there.
     */
    static ThinkValue think(ThinkValue requested, String model, List<String> caps, PromptFormat format) {
        ThinkValue t = requested;
        if (t != null && "max".equals(t.value()) && format.harmony()) t = ThinkValue.level("high");
        if (caps.contains(Capabilities.THINKING)) {
            return t == null ? ThinkValue.TRUE : t;
        }
        if (t != null && t.enabled()) throw ApiException.badRequest("\"" + model + "\" does not support thinking");
        return t;
    }

    /** Images need a vision model; jollama's engine has no image encoder yet, so they need one that has none at all. */
    static void checkImages(List<byte[]> images, List<String> caps) {
        if (images == null || images.isEmpty()) return;
        if (!caps.contains(Capabilities.VISION)) throw ApiException.badRequest("this model is missing data required for image input");
        throw new ApiException(501, "image input is not supported by jollama's engine yet");
    }

    /**
     * The prompt for the constrained pass after thinking: the conversation with an assistant turn holding the
     * thinking so far, plus what makes the model start its final answer (harmony).
     */
    static String withThinking(PromptFormat format, List<ChatMessage> msgs, dev.jollama.server.template.ThinkValue think,
                               List<java.util.Map<String, Object>> tools, String thinking) {
        List<ChatMessage> all = new ArrayList<>(msgs);
        all.add(new ChatMessage("assistant", "", thinking, null, null, null, null));
        return format.render(all, tools, think) + format.finalAnswerPrefill();
    }

    /** Runs a completion; a prompt that may not be cut to fit is Ollama's 400. */
    static void run(dev.jollama.server.sched.Lease lease, dev.jollama.server.sched.Completion completion,
                    dev.jollama.server.parse.OutputParser parser, CompletionRun.Rethink rethink, java.util.function.BooleanSupplier clientGone,
                    Answer answer) {
        try {
            CompletionRun.run(lease, completion, parser, rethink, clientGone, answer);
        } catch (dev.jollama.server.sched.LoadedModel.PromptTooLongException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    static <T> List<T> concat(List<T> a, List<T> b) {
        if (a == null || a.isEmpty()) return b == null || b.isEmpty() ? null : b;
        if (b == null || b.isEmpty()) return a;
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
