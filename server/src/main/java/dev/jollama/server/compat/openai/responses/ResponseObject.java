package dev.jollama.server.compat.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.Metrics;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code response} object of the Responses API, with the request's settings echoed as OpenAI (and Ollama)
 * echo them: instructions, tools, tool_choice, text format, temperature and top_p (1.0 when not set), reasoning,
 * max_output_tokens; nothing is stored, so {@code store} is false and there is never a previous response.
 */
final class ResponseObject {
    private final String id;
    private final ResponsesRequest request;
    private final long createdAt = Instant.now().getEpochSecond();

    ResponseObject(String id, ResponsesRequest request) {
        this.id = id;
        this.request = request;
    }

    String id() {
        return id;
    }

    /** The object in a given state; {@code usage} null while in progress. */
    Map<String, Object> build(String status, List<?> output, Metrics usage, String incompleteReason) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("object", "response");
        r.put("created_at", createdAt);
        r.put("completed_at", status.equals("in_progress") ? null : Instant.now().getEpochSecond());
        r.put("status", status);
        r.put("incomplete_details", incompleteReason == null ? null : Map.of("reason", incompleteReason));
        r.put("model", request.model());
        r.put("previous_response_id", null);
        r.put("instructions", request.instructions() == null || request.instructions().isEmpty() ? null : request.instructions());
        r.put("output", output);
        r.put("error", null);
        r.put("tools", request.tools() == null ? List.of() : request.tools());
        r.put("tool_choice", request.toolChoice() == null || request.toolChoice().isNull() ? "auto" : request.toolChoice());
        r.put("truncation", request.truncation() == null ? "disabled" : request.truncation());
        r.put("parallel_tool_calls", true);
        r.put("text", Map.of("format", textFormat()));
        r.put("top_p", request.topP() == null ? 1.0 : request.topP());
        r.put("presence_penalty", 0);
        r.put("frequency_penalty", 0);
        r.put("top_logprobs", 0);
        r.put("temperature", request.temperature() == null ? 1.0 : request.temperature());
        r.put("reasoning", reasoning());
        r.put("usage", usage == null ? null : usage(usage));
        r.put("max_output_tokens", request.maxOutputTokens());
        r.put("max_tool_calls", null);
        r.put("store", false);
        r.put("background", false);
        r.put("service_tier", "default");
        r.put("metadata", Map.of());
        r.put("safety_identifier", null);
        r.put("prompt_cache_key", null);
        return r;
    }

    /** A failed response: the error as OpenAI puts it in {@code response.failed}. */
    Map<String, Object> failed(List<?> output, String message) {
        Map<String, Object> r = build("failed", output, null, null);
        r.put("error", Map.of("code", "server_error", "message", message));
        return r;
    }

    private Object textFormat() {
        if (request.text() == null || request.text().format() == null) return Map.of("type", "text");
        ResponsesRequest.Format f = request.text().format();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", f.type());
        if (f.name() != null) m.put("name", f.name());
        JsonNode schema = f.schema();
        if (schema != null && !schema.isNull()) m.put("schema", schema);
        if (f.strict() != null) m.put("strict", f.strict());
        return m;
    }

    private Object reasoning() {
        ResponsesRequest.Reasoning r = request.reasoning();
        if (r == null || (r.effort() == null && r.summary() == null)) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("effort", r.effort());
        m.put("summary", r.summary());
        return m;
    }

    private static Map<String, Object> usage(Metrics m) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("input_tokens", m.promptEvalCount());
        u.put("output_tokens", m.evalCount());
        u.put("total_tokens", m.promptEvalCount() + m.evalCount());
        u.put("input_tokens_details", Map.of("cached_tokens", 0));
        u.put("output_tokens_details", Map.of("reasoning_tokens", 0));
        return u;
    }
}
