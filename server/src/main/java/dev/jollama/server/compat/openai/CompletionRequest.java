package dev.jollama.server.compat.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.KeepAlive;

import java.util.Map;

/** POST /v1/completions (the legacy text completion), plus Ollama's extras as for chat completions. */
public record CompletionRequest(
        String model,
        JsonNode prompt,
        String suffix,
        boolean stream,
        @JsonProperty("stream_options") ChatCompletionRequest.StreamOptions streamOptions,
        @JsonProperty("max_tokens") Integer maxTokens,
        Long seed,
        JsonNode stop,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        @JsonProperty("frequency_penalty") Double frequencyPenalty,
        @JsonProperty("presence_penalty") Double presencePenalty,
        Integer logprobs,
        boolean echo,
        Integer n,
        @JsonProperty("best_of") Integer bestOf,
        @JsonProperty("_debug_render_only") boolean debugRenderOnly,
        Map<String, Object> options,
        @JsonProperty("num_ctx") Integer numCtx,
        @JsonProperty("keep_alive") KeepAlive keepAlive) {
}
