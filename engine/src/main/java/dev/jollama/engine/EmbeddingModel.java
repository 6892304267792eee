package dev.jollama.engine;

import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.model.DecoderEmbedder;
import dev.jollama.engine.model.Embedder;
import dev.jollama.engine.model.Encoder;
import dev.jollama.engine.model.EncoderWeights;
import dev.jollama.engine.model.ModelConfig;
import dev.jollama.engine.model.ModelFormatException;
import dev.jollama.engine.model.ModelWeights;
import dev.jollama.engine.model.Transformer;
import dev.jollama.engine.runtime.EmbeddingQueue;
import dev.jollama.engine.tensor.Workers;
import dev.jollama.engine.tokenizer.BaseTokenizer;
import dev.jollama.engine.tokenizer.Tokenizer;
import dev.jollama.engine.tokenizer.Tokenizers;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A GGUF embedding model loaded for inference: a BERT-style encoder, or a decoder whose metadata names a pooling
 * type. Sequences of up to {@link #maxSequenceLength()} tokens (num_ctx, and at most num_batch, as llama-server
 * requires a whole sequence in one batch) are embedded through an {@link EmbeddingQueue}, so concurrent callers share
 * forward passes. Thread-safe; close it when done.
 */
public final class EmbeddingModel implements AutoCloseable {
    private final GgufFile file;
    private final BaseTokenizer tokenizer;
    private final ModelConfig config;
    private final Workers workers;
    private final EmbeddingQueue queue;
    private final int contextSize;

    private EmbeddingModel(GgufFile file, BaseTokenizer tokenizer, ModelConfig config, Workers workers, Embedder embedder, int contextSize) {
        this.file = file;
        this.tokenizer = tokenizer;
        this.config = config;
        this.workers = workers;
        this.queue = new EmbeddingQueue(embedder);
        this.contextSize = contextSize;
    }

    /**
     * Loads the model at {@code path}. {@code numCtx} 0 means the training context; it is capped at the training
     * context either way.
     *
     * @throws ModelFormatException when the file describes no model the engine can embed with
     */
    public static EmbeddingModel load(Path path, LoadOptions options) throws IOException {
        GgufFile file = options.useMmap() ? GgufFile.open(path) : GgufFile.read(path);
        Workers workers = null;
        try {
            BaseTokenizer tokenizer = Tokenizers.fromMetadata(file.metadata());
            ModelConfig c = ModelConfig.read(file.metadata());
            int ctx = options.numCtx() > 0 ? Math.min(options.numCtx(), c.contextLength()) : c.contextLength();
            int batch = Math.min(options.numBatch(), ctx);
            workers = new Workers(options.threads());
            Embedder embedder = c.encoder()
                    ? new Encoder(c, EncoderWeights.load(file, c, workers), workers, options.numBatch(), batch)
                    : new DecoderEmbedder(new Transformer(c, ModelWeights.load(file, c, workers), workers, ctx, batch), options.kvCacheType(), batch);
            return new EmbeddingModel(file, tokenizer, c, workers, embedder, ctx);
        } catch (ModelFormatException e) {
            close(file, workers);
            throw new ModelFormatException(path.getFileName() + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            close(file, workers);
            throw new ModelFormatException(path.getFileName() + ": " + e.getMessage());
        } catch (IOException | RuntimeException | Error e) {
            close(file, workers);
            throw e;
        }
    }

    private static void close(GgufFile file, Workers workers) {
        if (workers != null) workers.close();
        file.close();
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public ModelConfig config() {
        return config;
    }

    public GgufMetadata metadata() {
        return file.metadata();
    }

    /** Tokens per sequence (num_ctx as resolved). */
    public int contextSize() {
        return contextSize;
    }

    /** The longest sequence (with its special tokens) the model embeds. */
    public int maxSequenceLength() {
        return queue.embedder().maxSequenceLength();
    }

    public int dimension() {
        return queue.embedder().dimension();
    }

    public long fileSize() {
        return file.fileSize();
    }

    /** Raw pooled vectors (not normalised), one per sequence; see {@link EmbeddingQueue#embed}. */
    public float[][] embed(int[][] sequences) throws InterruptedException {
        return queue.embed(sequences);
    }

    @Override
    public void close() {
        workers.close();
        file.close();
    }
}
