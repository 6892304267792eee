package dev.jollama.engine.model.arch;

import dev.jollama.engine.model.Activation;
import dev.jollama.engine.model.Architecture;
import dev.jollama.engine.model.ModelConfig;
import dev.jollama.engine.model.ModelMetadata;

/**
 * nomic-bert (nomic-embed-text): BERT's post-norm blocks with rotary positions (NeoX style) instead of position
 * embeddings, fused q/k/v, and a SwiGLU feed-forward.
 */
public final class NomicBert implements Architecture {
    @Override
    public String name() {
        return "nomic-bert";
    }

    @Override
    public void configure(ModelConfig.Builder config, ModelMetadata md) {
        Bert.configureEncoder(config);
        config.activation = Activation.SILU;
    }
}
