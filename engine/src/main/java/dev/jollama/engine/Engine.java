package dev.jollama.engine;

import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.tensor.Workers;
import dev.jollama.engine.model.ModelConfig;
import dev.jollama.engine.model.ModelFormatException;
import dev.jollama.engine.model.ModelWeights;
import dev.jollama.engine.tokenizer.BaseTokenizer;
import dev.jollama.engine.tokenizer.Tokenizers;

import java.io.IOException;
import java.nio.file.Path;

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
        try {
            BaseTokenizer tokenizer;
            try {
                tokenizer = Tokenizers.fromMetadata(file.metadata());
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(path.getFileName() + ": " + e.getMessage());
            }
            if (file.tensors().isEmpty()) return new LoadedModel(file, options, tokenizer, null, null);
            ModelConfig config;
            ModelWeights weights;
            try {
                config = ModelConfig.read(file.metadata());
                if (config.encoder()) {
                    throw new ModelFormatException(config.architecture() + " is an embedding encoder; load it with EmbeddingModel.load");
                }
                try (Workers loading = new Workers(options.threads())) { // the model's own are made with it
                    weights = ModelWeights.load(file, config, loading);
                }
            } catch (ModelFormatException e) {
                throw new ModelFormatException(path.getFileName() + ": " + e.getMessage());
            }
            return new LoadedModel(file, options, tokenizer, config, weights);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    public static LoadedModel load(Path path) throws IOException {
        return load(path, LoadOptions.DEFAULTS);
    }
}
