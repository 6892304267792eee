package dev.jollama.engine;

import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.tensor.Workers;
import dev.jollama.engine.model.ModelConfig;
import dev.jollama.engine.model.ModelFormatException;
import dev.jollama.engine.model.ModelWeights;
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
        try {
            ModelConfig config = null;
            ModelWeights weights = null;
            Exception failed = null;
            if (!file.tensors().isEmpty()) {
                try {
                    config = ModelConfig.read(file.metadata());
                    if (config.encoder()) {
                        throw new ModelFormatException(config.architecture() + " is an embedding encoder; load it with EmbeddingModel.load");
                    }
                    try (Workers loading = new Workers(options.threads())) { // the model's own are made with it
                        weights = ModelWeights.load(file, config, loading);
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
            return new LoadedModel(file, options, tokenizer, config, weights);
        } catch (IOException | RuntimeException e) {
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
