package dev.jollama.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.time.OffsetDateTime;
import java.util.List;

/** One chunk of POST /api/generate, or the whole answer with stream:false. Field order is Ollama's. */
public record GenerateResponse(
        String model,
        @OmitEmpty @JsonProperty("remote_model") String remoteModel,
        @OmitEmpty @JsonProperty("remote_host") String remoteHost,
        @GoTime.Format @JsonProperty("created_at") OffsetDateTime createdAt,
        String response,
        @OmitEmpty String thinking,
        boolean done,
        @OmitEmpty @JsonProperty("done_reason") String doneReason,
        @OmitEmpty int[] context,
        @JsonUnwrapped Metrics metrics,
        @OmitEmpty @JsonProperty("tool_calls") List<ToolCall> toolCalls,
        @OmitEmpty @JsonProperty("_debug_info") DebugInfo debugInfo,
        @OmitEmpty List<Logprob> logprobs) {
}
