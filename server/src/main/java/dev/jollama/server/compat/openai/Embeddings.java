package dev.jollama.server.compat.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.jollama.api.EmbedRequest;
import dev.jollama.api.EmbedResponse;
import dev.jollama.api.KeepAlive;
import dev.jollama.server.compat.InvalidParam;
import dev.jollama.server.compat.NativeOptions;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * POST /v1/embeddings over the native /api/embed (L2-normalised vectors, {@code dimensions} applied): input a
 * string or a list of strings, {@code encoding_format} "float" (the default without the field) or "base64"
 * (little-endian float32 bytes, which the OpenAI SDKs ask for by default and decode).
 */
final class Embeddings {
    private Embeddings() {}

    /** The request; Go's decoder (in Ollama's error messages) calls it openai.EmbedRequest. */
    @JsonTypeName("EmbedRequest")
    public record Request(String model, JsonNode input, Integer dimensions, @JsonProperty("encoding_format") String encodingFormat,
                          Map<String, Object> options, @JsonProperty("keep_alive") KeepAlive keepAlive, Boolean truncate) {}

    record EmbeddingList(String object, List<Embedding> data, String model, Usage usage) {}

    /** {@code embedding} is a float[] or a base64 string. */
    record Embedding(String object, Object embedding, int index) {}

    record Usage(@JsonProperty("prompt_tokens") int promptTokens, @JsonProperty("total_tokens") int totalTokens) {}

    /** The native request; checks the encoding and the input's shape first, with Ollama's texts. */
    static EmbedRequest toNative(Request r) {
        base64(r.encodingFormat());
        JsonNode input = r.input();
        if (input == null || input.isNull()) throw new InvalidParam("input", "invalid input");
        if (input.isTextual() && input.textValue().isEmpty()) input = JsonNodeFactory.instance.arrayNode().add("");
        if (input.isArray()) {
            if (input.isEmpty()) throw new InvalidParam("input", "invalid input");
            for (JsonNode s : input) {
                if (!s.isTextual()) throw new InvalidParam("input", "invalid input: only strings are supported (token arrays are not)");
            }
        } else if (!input.isTextual()) {
            throw new InvalidParam("input", "invalid input: only strings are supported (token arrays are not)");
        }
        Map<String, Object> options = r.options() == null ? null : NativeOptions.from(r.options(), null).map();
        return new EmbedRequest(r.model(), input, r.keepAlive(), r.truncate(), r.dimensions() == null ? 0 : r.dimensions(), options);
    }

    /** True for base64, false for float or no field; anything else is Ollama's 400. */
    static boolean base64(String format) {
        if (format == null || format.isEmpty()) return false;
        String f = format.toLowerCase(Locale.ROOT);
        if (f.equals("float")) return false;
        if (f.equals("base64")) return true;
        throw new InvalidParam("encoding_format", "Invalid value for 'encoding_format' = " + format + ". Supported values: ['float', 'base64'].");
    }

    static EmbeddingList answer(String model, EmbedResponse r, boolean base64) {
        List<Embedding> data = new ArrayList<>();
        float[][] vectors = r.embeddings() == null ? new float[0][] : r.embeddings();
        for (int i = 0; i < vectors.length; i++) {
            data.add(new Embedding("embedding", base64 ? encode(vectors[i]) : vectors[i], i));
        }
        return new EmbeddingList("list", data, model, new Usage(r.promptEvalCount(), r.promptEvalCount()));
    }

    /** Little-endian float32 bytes in standard base64. */
    static String encode(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        return Base64.getEncoder().encodeToString(b.array());
    }
}
