package dev.jollama.server.compat.openai;

import dev.jollama.api.EmbedRequest;
import dev.jollama.api.EmbedResponse;
import dev.jollama.api.Json;
import dev.jollama.server.http.ApiException;
import dev.jollama.server.http.JsonBody;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddingsTest {

    private static EmbedRequest req(String json) {
        return Embeddings.toNative(JsonBody.parse(json.getBytes(StandardCharsets.UTF_8), Embeddings.Request.class));
    }

    @Test
    void inputsAndDimensionsPassToTheNativeRequest() {
        EmbedRequest r = req("{\"model\":\"e\",\"input\":\"hello\",\"dimensions\":8}");
        assertThat(r.model()).isEqualTo("e");
        assertThat(Json.write(r.input())).isEqualTo("\"hello\"");
        assertThat(r.dimensions()).isEqualTo(8);
        assertThat(Json.write(req("{\"model\":\"e\",\"input\":[\"a\",\"b\"]}").input())).isEqualTo("[\"a\",\"b\"]");
        assertThat(Json.write(req("{\"model\":\"e\",\"input\":\"\"}").input())).isEqualTo("[\"\"]");
        assertThat(req("{\"model\":\"e\",\"input\":\"x\",\"options\":{\"num_ctx\":512},\"truncate\":false}").options()).containsEntry("num_ctx", 512);
    }

    @Test
    void badInputsAndFormatsAre400sWithOllamasTexts() {
        for (String body : new String[]{"{\"model\":\"e\"}", "{\"model\":\"e\",\"input\":[]}"}) {
            assertThatThrownBy(() -> req(body)).isInstanceOf(ApiException.class).hasMessage("invalid input");
        }
        assertThatThrownBy(() -> req("{\"model\":\"e\",\"input\":[1,2]}")).hasMessageStartingWith("invalid input: only strings");
        assertThatThrownBy(() -> req("{\"model\":\"e\",\"input\":\"x\",\"encoding_format\":\"int8\"}"))
                .hasMessage("Invalid value for 'encoding_format' = int8. Supported values: ['float', 'base64'].");
        assertThat(Embeddings.base64(null)).isFalse();
        assertThat(Embeddings.base64("FLOAT")).isFalse();
        assertThat(Embeddings.base64("Base64")).isTrue();
    }

    @Test
    void vectorsAsFloatsOrLittleEndianBase64() {
        EmbedResponse r = new EmbedResponse("e", new float[][]{{0.5f, -1.25f}, {1f, 0f}}, 1, 1, 6);
        assertThat(Json.write(Embeddings.answer("e", r, false))).isEqualTo("{\"object\":\"list\",\"data\":["
                + "{\"object\":\"embedding\",\"embedding\":[0.5,-1.25],\"index\":0},{\"object\":\"embedding\",\"embedding\":[1.0,0.0],\"index\":1}],"
                + "\"model\":\"e\",\"usage\":{\"prompt_tokens\":6,\"total_tokens\":6}}");
        String b64 = Json.mapper().valueToTree(Embeddings.answer("e", r, true)).path("data").get(0).path("embedding").textValue();
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(b64)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.remaining()).isEqualTo(8);
        assertThat(bytes.getFloat()).isEqualTo(0.5f);
        assertThat(bytes.getFloat()).isEqualTo(-1.25f);
        assertThat(Embeddings.encode(new float[]{1f})).isEqualTo("AACAPw==");
    }
}
