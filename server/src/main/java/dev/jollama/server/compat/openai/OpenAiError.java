package dev.jollama.server.compat.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jollama.server.compat.ErrorShape;
import dev.jollama.server.compat.EventSink;

/**
 * OpenAI's error object, {@code {"error":{"message","type","param","code"}}}, with Ollama's types: 400
 * invalid_request_error, 404 not_found_error, anything else api_error. A started stream ends with the same object
 * as a {@code data:} event, which the OpenAI SDKs raise as an APIError.
 */
public record OpenAiError(Body error) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Body(String message, String type, String param, String code) {}

    public static OpenAiError of(int status, String message, String param) {
        return new OpenAiError(new Body(message, type(status), param, null));
    }

    static String type(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 404 -> "not_found_error";
            default -> "api_error";
        };
    }

    public static final ErrorShape SHAPE = new ErrorShape() {
        @Override
        public Object body(int status, String message, String param) {
            return of(status, message, param);
        }

        @Override
        public void streamed(EventSink sse, int status, String message) {
            sse.data(of(status, message, null));
        }
    };
}
