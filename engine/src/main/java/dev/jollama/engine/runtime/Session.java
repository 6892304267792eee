package dev.jollama.engine.runtime;

import dev.jollama.engine.model.Batch;
import dev.jollama.engine.model.KvCache;
import dev.jollama.engine.model.Transformer;
import dev.jollama.engine.tokenizer.Vocabulary;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * One sequence of a loaded model: a KV cache of num_ctx positions and the tokens it holds. Requests run one at a
 * time per session; a request whose prompt starts with what the cache holds (a chat going on) only evaluates the
 * rest. Sessions of one model share its weights and can be evaluated in the same batch: sessions made with a
 * {@link DecodeBatcher} decode together, one forward pass per step for all of them.
 */
public final class Session {
    private final Transformer transformer;
    private final Vocabulary vocabulary;
    private final KvCache cache;
    private final boolean addsBos;
    private final Batch batch;
    private final int[] tokens;
    private final DecodeBatcher batcher;

    /**
     * @param addsBos whether the model's tokenizer adds BOS (context shifts keep it in addition to num_keep)
     */
    public Session(Transformer transformer, Vocabulary vocabulary, KvCache cache, int numBatch, boolean addsBos) {
        this(transformer, vocabulary, cache, numBatch, addsBos, null);
    }

    /**
     * @param batcher where decode steps go to share forward passes with the other sessions of the model (continuous
     *                batching); null evaluates them alone
     */
    public Session(Transformer transformer, Vocabulary vocabulary, KvCache cache, int numBatch, boolean addsBos, DecodeBatcher batcher) {
        this.batcher = batcher;
        this.transformer = transformer;
        this.vocabulary = vocabulary;
        this.cache = cache;
        this.addsBos = addsBos;
        this.batch = new Batch(Math.max(1, Math.min(numBatch, cache.maxPositions())));
        this.tokens = new int[cache.maxPositions()];
    }

    public int contextSize() {
        return cache.maxPositions();
    }

    /** The tokens whose keys and values the session holds, oldest first. */
    public synchronized int[] tokens() {
        return Arrays.copyOf(tokens, cache.length());
    }

    /** How many leading tokens of {@code prompt} the session already holds (what a request would reuse, at most all but one). */
    public synchronized int cachedPrefix(int[] prompt) {
        int n = Math.min(cache.length(), prompt.length - 1);
        int common = 0;
        while (common < n && tokens[common] == prompt[common]) common++;
        return Math.max(0, common);
    }

    /** Forgets everything evaluated so far. */
    public synchronized void reset() {
        cache.truncate(0);
    }

    /** Bytes of KV cache this session holds. */
    public long cacheBytes() {
        return cache.allocatedBytes();
    }

    DecodeBatcher batcher() {
        return batcher;
    }

    Vocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * Runs a request to its end, reporting tokens to the listener as they come. {@code cancelled} is polled before
     * every step; when it turns true the generation ends with {@link DoneReason#CANCELLED}.
     *
     * @throws PromptTooLongException when the prompt does not fit and may not be truncated
     */
    public synchronized GenerateResult generate(GenerateRequest request, GenerationListener listener, BooleanSupplier cancelled) {
        Generation g = new Generation(this, request, listener, cancelled);
        g.finishIfNothingToGenerate();
        boolean joined = false;
        try {
            while (!g.isDone()) {
                batch.clear();
                g.fill(batch);
                if (batch.size() == 0) break;
                boolean shared = batcher != null && g.isDecodeStep();
                if (shared && !joined) {
                    batcher.join();
                    joined = true;
                }
                try {
                    if (shared) batcher.forward(batch);
                    else transformer.forward(batch);
                } catch (RuntimeException | Error e) {
                    batch.rollback();
                    throw e;
                }
                g.consume(batch);
            }
        } finally {
            if (joined) batcher.leave();
        }
        batch.clear();
        return g.result();
    }

    /** Ollama's prompt truncation: keep num_keep (+BOS) tokens and the tail, leaving about half the context free. */
    int[] fitPrompt(GenerateRequest r) {
        int[] p = r.prompt();
        int ctx = contextSize();
        if (p.length <= ctx - 1) return p;
        if (!r.truncate() || !r.shift() || ctx < 2) throw new PromptTooLongException();
        int keep = r.numKeep() < 0 ? p.length : r.numKeep();
        if (addsBos) keep++;
        keep = Math.min(keep, ctx - 1);
        int limit = ctx - Math.max((ctx - keep) / 2, 1);
        int[] out = new int[limit];
        System.arraycopy(p, 0, out, 0, keep);
        System.arraycopy(p, p.length - (limit - keep), out, keep, limit - keep);
        return out;
    }

    /**
     * Drops cached positions the prompt does not share, keeping at least the last prompt token to evaluate (its
     * logits are needed). Returns the number of prompt tokens already in the cache.
     */
    int reusePrefix(int[] prompt) {
        int common = cachedPrefix(prompt);
        cache.truncate(common);
        return common;
    }

    /** Adds a token at the session's next position. */
    int append(Batch b, int token, boolean wantLogits) {
        int row = b.add(cache, token, wantLogits);
        tokens[cache.length() - 1] = token;
        return row;
    }

    /**
     * Before adding one more token: when the context is full, shift it as llama-server does (keep num_keep tokens,
     * or the whole prompt for -1, plus BOS; discard half of the rest) if the request allows, else report that there is
     * no room.
     */
    boolean makeRoom(GenerateRequest r, int promptLength) {
        int n = cache.length();
        int ctx = contextSize();
        if (n + 1 < ctx) return true;
        if (!r.shift()) return false;
        int keep = r.numKeep() < 0 ? promptLength : r.numKeep();
        if (addsBos) keep++;
        keep = Math.max(0, Math.min(ctx - 4, keep));
        int left = n - keep;
        int discard = Math.clamp(left / 2, 0, Math.max(0, left - 1));
        if (discard == 0) return false;
        cache.shift(keep, discard, transformer::rotateKey);
        System.arraycopy(tokens, keep + discard, tokens, keep, n - keep - discard);
        return true;
    }
}
