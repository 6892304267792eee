package dev.jollama.server.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Go's json.Decoder messages for malformed bodies (encoding/json's scanner contexts), and where the first value ends. */
class GoJsonSyntaxTest {
    static int end(String body) throws GoJsonSyntax.Invalid {
        return GoJsonSyntax.firstValueEnd(body.getBytes(StandardCharsets.ISO_8859_1));
    }

    static void fails(String body, String message) {
        assertThatThrownBy(() -> end(body)).as(body).isInstanceOf(GoJsonSyntax.Invalid.class).hasMessage(message);
    }

    @Test
    void scannerMessages() {
        fails("{\"model\": tiny}", "invalid character 'i' in literal true (expecting 'r')");
        fails("{not json", "invalid character 'n' looking for beginning of object key string");
        fails("{\"model\":\"a\",}", "invalid character '}' looking for beginning of object key string");
        fails("{\"model\" \"a\"}", "invalid character '\"' after object key");
        fails("{\"model\":\"a\" \"b\":1}", "invalid character '\"' after object key:value pair");
        fails("[1 2]", "invalid character '2' after array element");
        fails("{\"a\":[1,]}", "invalid character ']' looking for beginning of value");
        fails("{\"a\":01}", "invalid character '1' after object key:value pair");
        fails("{\"a\":-x}", "invalid character 'x' in numeric literal");
        fails("{\"a\":1.}", "invalid character '}' after decimal point in numeric literal");
        fails("{\"a\":1e}", "invalid character '}' in exponent of numeric literal");
        fails("{\"a\":1e+}", "invalid character '}' in exponent of numeric literal");
        fails("{\"a\":\"\\q\"}", "invalid character 'q' in string escape code");
        fails("{\"a\":\"\\u12g4\"}", "invalid character 'g' in \\u hexadecimal character escape");
        fails("{\"a\":\"x\ny\"}", "invalid character '\\n' in string literal");
        fails("{\"a\":\"\u0001\"}", "invalid character '\\x01' in string literal");
        fails("{\"a\":nul}", "invalid character '}' in literal null (expecting 'l')");
        fails("{\"a\":falsy}", "invalid character 'y' in literal false (expecting 'e')");
        fails("'x'", "invalid character '\\'' looking for beginning of value");
        fails("\u00ef\u00bb\u00bf{}", "invalid character 'ï' looking for beginning of value");
        fails("\u00a0{}", "invalid character '\\u00a0' looking for beginning of value");
        fails("{\"a\":\\}", "invalid character '\\\\' looking for beginning of value");
        fails("{", "unexpected EOF");
        fails("{\"a\":\"b", "unexpected EOF");
        fails("{\"a\":tr", "unexpected EOF");
        fails("-", "unexpected EOF");
    }

    @Test
    void onlyTheFirstValueCounts() throws Exception {
        assertThat(end(" {\"model\":\"x\"} trailing garbage")).isEqualTo(14);
        assertThat(end("{\"a\":[1,-2.5e+3,true,null,\"\\u00e9\\n\"]}{")).isEqualTo(38);
        assertThat(end("12x")).isEqualTo(2);
        assertThat(end("null")).isEqualTo(4);
    }
}
