package dev.jollama.server.generate;

import dev.jollama.api.DetokenizeRequest;
import dev.jollama.api.DetokenizeResponse;
import dev.jollama.api.TokenizeRequest;
import dev.jollama.api.TokenizeResponse;
import dev.jollama.engine.tokenizer.Tokenizer;
import dev.jollama.engine.tokenizer.Tokenizers;
import dev.jollama.server.http.ApiException;
import dev.jollama.server.http.Errors;
import dev.jollama.server.http.JsonBody;
import dev.jollama.server.model.LocalModel;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * POST /api/tokenize and /api/detokenize, as llama-server offers them (ollama#3582): text to token ids (no BOS,
 * special tokens parsed) and back, for any model of the store. Only the vocabulary is read from the GGUF, never
 * the weights, so a vocabulary-only GGUF works and nothing is loaded into the scheduler.
 */
public final class TokenizeEndpoints {
    private static final int CACHED_TOKENIZERS = 4;

    private final InferenceService inference;
    private final Map<Path, Tokenizer> tokenizers = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Tokenizer> eldest) {
            return size() > CACHED_TOKENIZERS;
        }
    };

    public TokenizeEndpoints(InferenceService inference) {
        this.inference = inference;
    }

    public void tokenize(Context ctx) {
        TokenizeRequest req = JsonBody.read(ctx, TokenizeRequest.class);
        Errors.json(ctx, 200, new TokenizeResponse(req.model(), tokenize(req.model(), req.content())));
    }

    /** The model's ids of {@code text}: no BOS added, special tokens written in the text parsed. */
    public int[] tokenize(String model, String text) {
        return tokenizer(model).encode(text == null ? "" : text, false, true);
    }

    public void detokenize(Context ctx) {
        DetokenizeRequest req = JsonBody.read(ctx, DetokenizeRequest.class);
        Tokenizer t = tokenizer(req.model());
        int[] ids = req.tokens() == null ? new int[0] : req.tokens();
        int size = t.vocabulary().size();
        for (int id : ids) {
            if (id < 0 || id >= size) throw ApiException.badRequest("token id " + id + " is out of range for the vocabulary of " + size + " tokens");
        }
        Errors.json(ctx, 200, new DetokenizeResponse(req.model(), t.decode(ids)));
    }

    private Tokenizer tokenizer(String model) {
        LocalModel m = inference.find(model, 400, "model is required");
        Path path = m.modelPath();
        if (path == null) throw ApiException.badRequest("\"" + model + "\" has no GGUF model file to read a vocabulary from");
        synchronized (tokenizers) {
            Tokenizer t = tokenizers.get(path);
            if (t != null) return t;
        }
        Tokenizer t;
        try {
            t = Tokenizers.fromFile(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        synchronized (tokenizers) {
            tokenizers.put(path, t);
        }
        return t;
    }
}
