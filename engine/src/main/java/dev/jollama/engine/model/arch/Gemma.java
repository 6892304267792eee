package dev.jollama.engine.model.arch;

import dev.jollama.engine.model.Activation;
import dev.jollama.engine.model.Architecture;
import dev.jollama.engine.model.ModelConfig;
import dev.jollama.engine.model.ModelMetadata;

/**
 * Gemma: embeddings scaled by sqrt(embedding length), GeGLU, NeoX RoPE, output tied to the embeddings. Gemma's
 * "(1 + w)" norms need nothing here: the GGUF converter already stores 1 + w.
 */
public final class Gemma implements Architecture {
    @Override
    public String name() {
        return "gemma";
    }

    @Override
    public void configure(ModelConfig.Builder config, ModelMetadata md) {
        configureCommon(config);
        config.attentionScale = 1f / (float) Math.sqrt(config.valueLength());
    }

    /** What Gemma 2 and 3 share with Gemma. */
    static void configureCommon(ModelConfig.Builder config) {
        config.neoxRope = true;
        config.embeddingScale = (float) Math.sqrt(config.embeddingLength());
        config.activation = Activation.GELU;
        config.ropeMustCoverHead = false;
        config.scaleQueries = true;
    }

    /** Gemma 2 and 3 scale queries by 1/sqrt(head size), except the 27B models, which use embedding / heads. */
    static float queryScale(ModelConfig.Builder config, int layersOf27B) {
        int size = config.blockCount() == layersOf27B ? config.embeddingLength() / config.headCount() : config.keyLength();
        return 1f / (float) Math.sqrt(size);
    }
}
