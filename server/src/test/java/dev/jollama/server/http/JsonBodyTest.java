package dev.jollama.server.http;

import dev.jollama.api.ChatRequest;
import dev.jollama.api.GenerateRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Type errors named as Go's decoder names them: the innermost struct, the field path without indexes. */
class JsonBodyTest {
    static void fails(String body, Class<?> type, String message) {
        assertThatThrownBy(() -> JsonBody.parse(body.getBytes(StandardCharsets.UTF_8), type)).as(body)
                .isInstanceOf(ApiException.class).hasMessage(message);
    }

    @Test
    void typeErrorsNameTheInnermostGoStruct() {
        fails("{\"stream\":\"yes\"}", GenerateRequest.class, "json: cannot unmarshal string into Go struct field GenerateRequest.stream of type bool");
        fails("{\"tools\":[{\"type\":1}]}", ChatRequest.class, "json: cannot unmarshal number into Go struct field Tool.tools.type of type string");
        fails("{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":1}}]}", ChatRequest.class,
                "json: cannot unmarshal number into Go struct field ToolFunction.tools.function.name of type string");
        fails("{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":[]}}}]}", ChatRequest.class,
                "json: cannot unmarshal array into Go struct field ToolFunctionParameters.tools.function.parameters.type of type string");
        // Go's Message decodes itself: its errors keep the struct around it
        fails("{\"messages\":[{\"role\":1}]}", ChatRequest.class, "json: cannot unmarshal number into Go struct field ChatRequest.messages.role of type string");
    }

    @Test
    void keepAliveAndThinkAreDecodedAsOllamasOwnDecoders() {
        fails("{\"keep_alive\":\"3600\"}", GenerateRequest.class, "time: missing unit in duration \"3600\"");
        fails("{\"keep_alive\":\"soon\"}", GenerateRequest.class, "time: invalid duration \"soon\"");
        fails("{\"keep_alive\":true}", GenerateRequest.class, "Unsupported type: 'bool'");
        fails("{\"think\":\"huge\"}", ChatRequest.class, "invalid think value: \"huge\" (must be \"high\", \"medium\", \"low\", \"max\", true, or false)");
        fails("{\"think\":1}", ChatRequest.class, "think must be a boolean or string (\"high\", \"medium\", \"low\", \"max\", true, or false)");
    }
}
