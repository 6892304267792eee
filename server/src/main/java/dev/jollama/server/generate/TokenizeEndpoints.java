package dev.jollama.server.generate;

import dev.jollama.server.http.ApiException;
import io.javalin.http.Context;

// PENDING: replaced by /tmp/chat_pending/TokenizeEndpoints.java when the tokenizers land
public final class TokenizeEndpoints {
    public TokenizeEndpoints(InferenceService inference) {}
    public void tokenize(Context ctx) { throw new ApiException(501, "pending"); }
    public void detokenize(Context ctx) { throw new ApiException(501, "pending"); }
}
