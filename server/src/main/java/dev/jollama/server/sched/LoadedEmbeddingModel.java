package dev.jollama.server.sched;

import dev.jollama.engine.EmbeddingModel;
import dev.jollama.engine.LoadOptions;
import dev.jollama.server.model.LocalModel;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * An embedding model as the scheduler holds it. Ollama loads embedding models with one parallel slot, so
 * concurrent requests queue one behind the other; here up to {@link #CONCURRENT_REQUESTS} requests hold the model
 * at once and the engine merges their inputs into shared forward passes instead. It never generates: requests for
 * completions are refused earlier, for want of the completion capability.
 */
public final class LoadedEmbeddingModel implements LoadedModel {
    /** Requests that may embed at once; their sequences share batches. */
    public static final int CONCURRENT_REQUESTS = 16;

    private final EmbeddingModel model;

    private LoadedEmbeddingModel(EmbeddingModel model) {
        this.model = model;
    }

    /** Loads a store model whose GGUF names a pooling type, with num_ctx already effective. */
    public static LoadedEmbeddingModel load(LocalModel m, LoadSettings settings) throws IOException {
        LoadOptions options = LoadOptions.DEFAULTS.withNumCtx(settings.numCtx()).withNumBatch(Math.max(1, settings.numBatch()))
                .withNumThread(Math.max(0, settings.numThread())).withUseMmap(settings.useMmap() == null || settings.useMmap());
        return new LoadedEmbeddingModel(EmbeddingModel.load(m.modelPath(), options));
    }

    @Override
    public EmbeddingModel embeddings() {
        return model;
    }

    @Override
    public int sequences() {
        return CONCURRENT_REQUESTS;
    }

    @Override
    public int contextLength() {
        return model.contextSize();
    }

    @Override
    public long sizeBytes() {
        return model.fileSize();
    }

    @Override
    public int[] tokenize(String text, boolean addSpecial) {
        return model.tokenizer().encode(text, addSpecial, true);
    }

    @Override
    public String detokenize(int[] tokens) {
        return model.tokenizer().decode(tokens);
    }

    @Override
    public int cachedPrefix(int slot, int[] prompt) {
        return 0;
    }

    @Override
    public CompletionResult complete(int slot, Completion request, CompletionListener listener, BooleanSupplier cancelled) {
        throw new IllegalStateException("an embedding model does not generate");
    }

    @Override
    public void close() {
        model.close();
    }
}
