package dev.jollama.server.embed;

import dev.jollama.engine.EmbeddingModel;
import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.server.http.ApiException;
import dev.jollama.server.sched.LoadedModel;

import java.util.Arrays;

/**
 * The token sequence an input of /api/embed is embedded as, cut to the context as Ollama's EmbedHandler cuts it:
 * the text's tokens (without special tokens) are limited to min(num_ctx, the model's context) minus one for a BOS and
 * one for an EOS the model will add; with {@code truncate} they are cut and detokenized, without it too many is 400
 * "the input length exceeds the context length". A sequence that still does not fit in one batch (num_batch) is cut
 * once more to num_batch, or refused.
 */
final class InputLimits {
    static final String TOO_LONG = "the input length exceeds the context length";

    private final LoadedModel model;
    private final int maxSequence;
    private final int contextLimit;
    private final int numBatch;
    private final int bos, eos;
    private final boolean addsBos, addsEos;

    /**
     * @param requestedNumCtx num_ctx as the request resolved it (0: none), before the runner's minimum of 4
     * @param numBatch        the runner's num_batch
     */
    InputLimits(LoadedModel model, EmbeddingModel embeddings, int requestedNumCtx, int trainContext, int numBatch) {
        this.model = model;
        this.maxSequence = embeddings == null ? Integer.MAX_VALUE : embeddings.maxSequenceLength();
        this.contextLimit = requestedNumCtx > 0 ? Math.min(requestedNumCtx, trainContext) : trainContext;
        this.numBatch = numBatch;
        GgufMetadata md = embeddings == null ? new GgufMetadata() : embeddings.metadata();
        String arch = md.getString("general.architecture", "");
        // Ollama reads these through its arch-prefixed accessor, so the add_* flags are in effect always true
        bos = (int) md.getLong("tokenizer.ggml.bos_token_id", 0);
        eos = (int) md.getLong("tokenizer.ggml.eos_token_id", 0);
        addsBos = md.getBool(arch + ".add_bos_token", true);
        addsEos = md.getBool(arch + ".add_eos_token", true);
    }

    /** The tokens (with the model's special tokens) to embed for {@code text}. */
    int[] sequence(String text, boolean truncate) {
        int[] tokens = model.tokenize(text, false);
        int limit = limit(tokens, contextLimit);
        if (limit <= 0) throw ApiException.badRequest("input after truncation exceeds maximum context length");
        if (tokens.length > limit) {
            if (!truncate) throw ApiException.badRequest(TOO_LONG);
            text = model.detokenize(Arrays.copyOf(tokens, limit));
        }
        int[] sequence = model.tokenize(text, true);
        if (sequence.length == 0) throw ApiException.badRequest("Input content cannot be empty");
        if (sequence.length <= maxSequence) return sequence;
        if (!truncate) throw ApiException.badRequest(TOO_LONG);
        tokens = model.tokenize(text, false);
        limit = Math.min(limit(tokens, contextLimit), limit(tokens, numBatch));
        if (limit <= 0) throw ApiException.badRequest("input after truncation exceeds maximum context length");
        if (tokens.length <= limit) throw ApiException.badRequest("input exceeds maximum context length and cannot be truncated further");
        sequence = model.tokenize(model.detokenize(Arrays.copyOf(tokens, limit)), true);
        if (sequence.length > maxSequence) throw ApiException.badRequest(TOO_LONG);
        return sequence;
    }

    /** Ollama's adjustTokenLimit: room left by a BOS and an EOS the tokens do not already hold. */
    private int limit(int[] tokens, int limit) {
        if (tokens.length > 0 && tokens[0] != bos && addsBos) limit--;
        if (tokens.length > 0 && tokens[tokens.length - 1] != eos && addsEos) limit--;
        return limit;
    }
}
