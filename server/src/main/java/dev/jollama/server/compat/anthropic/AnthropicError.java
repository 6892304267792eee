package dev.jollama.server.compat.anthropic;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jollama.server.compat.ErrorShape;
import dev.jollama.server.compat.EventSink;
import dev.jollama.server.compat.Ids;

/**
 * Anthropic's error object, {@code {"type":"error","error":{"type","message"},"request_id"}}, typed by status as
 * Ollama types it; a started stream ends with an {@code error} event.
 */
public record AnthropicError(String type, Body error, @JsonProperty("request_id") String requestId) {

    public record Body(String type, String message) {}

    /** The event a failed stream ends with: no request id. */
    record StreamError(String type, Body error) {}

    public static AnthropicError of(int status, String message) {
        return new AnthropicError("error", new Body(type(status), message), Ids.random("req_"));
    }

    static String type(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> "api_error";
        };
    }

    public static final ErrorShape SHAPE = new ErrorShape() {
        @Override
        public Object body(int status, String message, String param) {
            return of(status, message);
        }

        @Override
        public void streamed(EventSink sink, int status, String message) {
            sink.event("error", new StreamError("error", new Body(type(status), message)));
        }
    };
}
