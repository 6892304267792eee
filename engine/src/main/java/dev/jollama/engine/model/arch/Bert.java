package dev.jollama.engine.model.arch;

import dev.jollama.engine.model.Activation;
import dev.jollama.engine.model.Architecture;
import dev.jollama.engine.model.ModelConfig;
import dev.jollama.engine.model.ModelMetadata;

/**
 * BERT encoders (all-minilm, bge, mxbai-embed-large, snowflake-arctic-embed): learned absolute position embeddings
 * and token-type embeddings added to the token embeddings, LayerNorm after each block, a plain GELU feed-forward,
 * attention over the whole sequence.
 */
public final class Bert implements Architecture {
    @Override
    public String name() {
        return "bert";
    }

    @Override
    public void configure(ModelConfig.Builder config, ModelMetadata md) {
        configureEncoder(config);
        config.activation = Activation.GELU;
        config.positionEmbeddings = true;
    }

    /** What every BERT-style encoder shares. */
    static void configureEncoder(ModelConfig.Builder config) {
        config.encoder = true;
        config.layerNorm = true;
        config.neoxRope = true;
    }
}
