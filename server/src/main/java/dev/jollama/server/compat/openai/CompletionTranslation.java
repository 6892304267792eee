package dev.jollama.server.compat.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.GenerateRequest;
import dev.jollama.server.compat.InvalidParam;
import dev.jollama.server.compat.NativeOptions;

/** A text completion request as a native generate request, as Ollama's middleware maps it. */
final class CompletionTranslation {
    private CompletionTranslation() {}

    /** The native request; {@code echo} is the prompt to put before the answer, or null. */
    record Call(GenerateRequest request, boolean stream, boolean includeUsage, String echo) {}

    static Call toNative(CompletionRequest r) {
        if (r.n() != null && r.n() != 1) {
            throw new InvalidParam("n", "n = " + r.n() + " is not supported: jollama answers one choice per request (n must be 1)");
        }
        if (r.bestOf() != null && r.bestOf() != 1) {
            throw new InvalidParam("best_of", "best_of = " + r.bestOf() + " is not supported: jollama answers one choice per request");
        }
        String prompt = prompt(r.prompt());
        if (r.echo() && r.logprobs() != null) {
            throw new InvalidParam("echo", "echo with logprobs is not supported: jollama has no log probabilities of prompt tokens");
        }
        if (r.logprobs() != null && (r.logprobs() < 0 || r.logprobs() > 20)) {
            throw new InvalidParam("logprobs", "logprobs must be between 0 and 20");
        }
        NativeOptions options = NativeOptions.from(r.options(), r.numCtx())
                .set("num_predict", r.maxTokens())
                .set("seed", r.seed())
                .set("temperature", r.temperature())
                .set("top_p", r.topP())
                .set("frequency_penalty", r.frequencyPenalty())
                .set("presence_penalty", r.presencePenalty())
                .set("stop", ChatCompletionTranslation.stops(r.stop()))
                .orDefault("temperature", 1.0)
                .orDefault("top_p", 1.0)
                .orDefault("frequency_penalty", 0.0)
                .orDefault("presence_penalty", 0.0);
        boolean logprobs = r.logprobs() != null;
        GenerateRequest req = new GenerateRequest(r.model(), prompt, r.suffix(), null, null, null, true, false, null, r.keepAlive(), null,
                options.map(), null, null, null, r.debugRenderOnly(), logprobs, logprobs ? r.logprobs() : 0);
        return new Call(req, r.stream(), r.streamOptions() != null && r.streamOptions().includeUsage(), r.echo() ? prompt : null);
    }

    /** A string, or a list holding one string; token arrays and several prompts are refused clearly. */
    private static String prompt(JsonNode p) {
        if (p == null || p.isNull()) return "";
        if (p.isTextual()) return p.textValue();
        if (p.isArray() && p.size() == 1 && p.get(0).isTextual()) return p.get(0).textValue();
        if (p.isArray() && p.size() > 1 && p.get(0).isTextual()) {
            throw new InvalidParam("prompt", "a list of " + p.size() + " prompts is not supported: send one prompt per request");
        }
        throw new InvalidParam("prompt", "invalid prompt: only a string is supported (token arrays are not)");
    }
}
