package dev.jollama.engine.model;

import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.tensor.Workers;
import dev.jollama.engine.tokenizer.Tokenizer;
import dev.jollama.engine.tokenizer.Tokenizers;

import java.io.IOException;
import java.nio.file.Path;

/** A GGUF embedding model opened for a test: its tokenizer and its {@link Embedder}; closing it unmaps the file. */
public record OpenEmbedder(GgufFile file, Tokenizer tokenizer, Embedder embedder) implements AutoCloseable {

    public static OpenEmbedder open(Path path, Workers workers, KvCacheType cache) throws IOException {
        GgufFile f = GgufFile.open(path);
        ModelConfig c = ModelConfig.read(f.metadata());
        Embedder e = c.encoder() ? new Encoder(c, EncoderWeights.load(f, c), workers, 2048, 2048)
                : new DecoderEmbedder(new Transformer(c, ModelWeights.load(f, c), workers, 2048, 512), cache, 2048);
        return new OpenEmbedder(f, Tokenizers.fromMetadata(f.metadata()), e);
    }

    public int[] tokens(String text) {
        return tokenizer.encode(text, true, false);
    }

    @Override
    public void close() {
        file.close();
    }
}
