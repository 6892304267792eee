package dev.jollama.engine;

import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.model.BackgroundRepack;
import dev.jollama.engine.model.KvCache;
import dev.jollama.engine.model.ModelConfig;
import dev.jollama.engine.model.Transformer;
import dev.jollama.engine.runtime.DecodeBatcher;
import dev.jollama.engine.runtime.Session;
import dev.jollama.engine.tensor.Workers;
import dev.jollama.engine.tokenizer.BaseTokenizer;
import dev.jollama.engine.tokenizer.Tokenizer;
import dev.jollama.engine.tokenizer.Vocabulary;

import java.nio.file.Path;

/**
 * A GGUF model loaded for inference (or, for a vocabulary-only file, for tokenizing): its metadata, tokenizer and
 * configuration, and sessions that generate. Weights stay in the mapped file. Thread-safe; close it when done (its
 * sessions must not be used afterwards).
 */
public final class LoadedModel implements AutoCloseable {
    private final GgufFile file;
    private final LoadOptions options;
    private final BaseTokenizer tokenizer;
    private final ModelConfig config;
    private final Workers workers;
    private final Transformer transformer;
    private final BackgroundRepack repacking;
    private final int contextSize;

    LoadedModel(GgufFile file, LoadOptions options, BaseTokenizer tokenizer, ModelConfig config, BackgroundRepack weights) {
        this.file = file;
        this.options = options;
        this.tokenizer = tokenizer;
        this.config = config;
        this.repacking = weights;
        if (config == null) {
            this.workers = null;
            this.transformer = null;
            this.contextSize = 0;
        } else {
            this.contextSize = options.numCtx() > 0 ? options.numCtx() : Math.min(config.contextLength(), 4096);
            this.workers = new Workers(options.threads());
            this.transformer = new Transformer(config, weights, workers, contextSize, Math.min(options.numBatch(), contextSize));
        }
    }

    public Path path() {
        return file.path();
    }

    public GgufMetadata metadata() {
        return file.metadata();
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public Vocabulary vocabulary() {
        return tokenizer.vocabulary();
    }

    /** False for a vocabulary-only file: it tokenizes but has no weights to generate with. */
    public boolean canGenerate() {
        return config != null;
    }

    /** The model's configuration; null for a vocabulary-only file. */
    public ModelConfig config() {
        return config;
    }

    public LoadOptions options() {
        return options;
    }

    /** Positions per session (num_ctx as resolved). */
    public int contextSize() {
        return contextSize;
    }

    public long fileSize() {
        return file.fileSize();
    }

    /** Bytes one session's KV cache takes when full (it is allocated as it fills): keys and values of every layer. */
    public long kvCacheBytesPerSession() {
        if (config == null) return 0;
        return 2L * config.blockCount() * options.kvCacheType().bytes((long) config.keyValueDim() * contextSize);
    }

    /** A new sequence with its own KV cache of {@link #contextSize()} positions (allocated as it fills). */
    public Session newSession() {
        return newSession(null);
    }

    /**
     * {@code n} new sequences that decode together (continuous batching): while several of them generate, each step
     * is one forward pass over the next token of every one. Their results equal those of separate sessions as long as
     * fewer than 8 generate at once (larger batches take the tiled matrix kernel, whose sums round differently).
     */
    public Session[] newSessions(int n) {
        DecodeBatcher batcher = n > 1 ? new DecodeBatcher(transformer, n) : null;
        Session[] sessions = new Session[n];
        for (int i = 0; i < n; i++) sessions[i] = newSession(batcher);
        return sessions;
    }

    private Session newSession(DecodeBatcher batcher) {
        if (config == null) throw new IllegalStateException(path().getFileName() + " holds only a vocabulary; it cannot generate");
        KvCache cache = KvCache.create(options.kvCacheType(), config, contextSize);
        return new Session(transformer, tokenizer.vocabulary(), cache, options.numBatch(), tokenizer.vocabulary().addBos(), batcher);
    }

    /** The forward pass, for callers that batch sessions themselves. */
    public Transformer transformer() {
        return transformer;
    }

    /**
     * Whether the weights are in their final layout: a model loads with its matrices in the file's layout and repacks
     * them in the background; its first forward pass waits for that ({@link BackgroundRepack}).
     */
    public boolean isRepacked() {
        return repacking == null || repacking.isDone();
    }

    @Override
    public void close() {
        if (repacking != null) repacking.close(); // before the file's memory goes
        if (transformer != null) {
            synchronized (transformer) {
                workers.close();
                file.close();
            }
        } else {
            file.close();
        }
    }
}
