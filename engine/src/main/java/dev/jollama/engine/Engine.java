package dev.jollama.engine;

import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.tensor.Workers;
import dev.jollama.engine.model.ModelConfig;
import dev.jollama.engine.model.ModelFormatException;
import dev.jollama.engine.model.BackgroundRepack;
import dev.jollama.engine.tokenizer.BaseTokenizer;
import dev.jollama.engine.tokenizer.Tokenizers;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The engine's entry point: loads a GGUF file into a {@link LoadedModel}. The engine knows nothing of HTTP, JSON,
 * model names or manifests; the server resolves those to a path and options.
 */
public final class Engine {
    private Engine() {}

    /**
     * Loads a model. A file without tensors loads as vocabulary only (tokenize and detokenize work, generating does
     * not).
     *
     * @throws dev.jollama.engine.gguf.GgufFormatException when the file is not well-formed GGUF
     * @throws ModelFormatException when it does not describe a model the engine can run (unknown architecture,
     *                              missing or misshapen tensors, absurd hyperparameters)
     */
    public static LoadedModel load(Path path, LoadOptions options) throws IOException {
        GgufFile file = options.useMmap() ? GgufFile.open(path) : GgufFile.read(path);
        // The tokenizer (a vocabulary and merges of some 100k strings each) is built on a thread of its own while the
        // weights load: both only read the parsed metadata, and each takes a few hundred ms in a fresh JVM.
        FutureTask<BaseTokenizer> tokenizing = new FutureTask<>(() -> Tokenizers.fromMetadata(file.metadata()));
        Thread.ofPlatform().name("jollama-tokenizer").daemon().start(tokenizing);
        BackgroundRepack weights = null;
        try {
            ModelConfig config = null;
            Exception failed = null;
            if (!file.tensors().isEmpty()) {
                try {
                    config = ModelConfig.read(file.metadata());
                    if (config.encoder()) {
                        throw new ModelFormatException(config.architecture() + " is an embedding encoder; load it with EmbeddingModel.load");
                    }
                    // A file read into memory is repacked in place now, split over workers (the model's own are made with it);
                    // a mapped one later, on a thread of its own.
                    try (Workers loading = options.useMmap() ? null : new Workers(options.threads())) {
                        weights = BackgroundRepack.load(file, config, loading, options.threads());
                    }
                } catch (ModelFormatException e) {
                    failed = new ModelFormatException(path.getFileName() + ": " + e.getMessage());
                } catch (RuntimeException e) {
                    failed = e;
                }
            }
            BaseTokenizer tokenizer = tokenizer(tokenizing, path); // its error comes first, as when it was built first
            if (failed instanceof IOException e) throw e;
            if (failed != null) throw (RuntimeException) failed;
            LoadedModel model = new LoadedModel(file, options, tokenizer, config, weights);
            if (weights != null) weights.start(); // only now: the load itself touches no new memory (docs/kernels.md)
            return model;
        } catch (IOException | RuntimeException e) {
            if (weights != null) weights.close();
            file.close();
            throw e;
        }
    }

    private static BaseTokenizer tokenizer(FutureTask<BaseTokenizer> tokenizing, Path path) throws IOException {
        try {
            return tokenizing.get();
        } catch (InterruptedException e) {
            tokenizing.cancel(false);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while loading " + path.getFileName());
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IllegalArgumentException bad -> throw new ModelFormatException(path.getFileName() + ": " + bad.getMessage());
                case RuntimeException re -> throw re;
                case Error err -> throw err;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    public static LoadedModel load(Path path) throws IOException {
        return load(path, LoadOptions.DEFAULTS);
    }
}
