package dev.jollama.engine.tokenizer;

import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.gguf.GgufMetadata;

import java.io.IOException;
import java.nio.file.Path;

/** Builds the tokenizer a GGUF file describes, from its metadata alone (a vocabulary-only GGUF is enough). */
public final class Tokenizers {
    private Tokenizers() {}

    /** The tokenizer for {@code tokenizer.ggml.model}; an unknown or missing model is an IllegalArgumentException. */
    public static BaseTokenizer fromMetadata(GgufMetadata metadata) {
        String model = metadata.getString("tokenizer.ggml.model", null);
        if (model == null) throw new IllegalArgumentException("the GGUF has no tokenizer (tokenizer.ggml.model is missing)");
        return switch (model) {
            case "llama" -> SentencePieceBpe.create(metadata);
            case "gpt2", "gemma4" -> ByteLevelBpe.create(metadata, model);
            case "bert" -> WordPiece.create(metadata);
            case "t5" -> Unigram.create(metadata);
            default -> throw new IllegalArgumentException("unknown tokenizer model '" + model
                    + "' (tokenizer.ggml.model); supported: llama, gpt2, gemma4, bert, t5");
        };
    }

    /** Reads the metadata of a GGUF file and builds its tokenizer. */
    public static BaseTokenizer fromFile(Path gguf) throws IOException {
        try (GgufFile f = GgufFile.open(gguf)) {
            return fromMetadata(f.metadata());
        }
    }
}
