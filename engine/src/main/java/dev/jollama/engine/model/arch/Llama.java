package dev.jollama.engine.model.arch;

import dev.jollama.engine.model.Architecture;
import dev.jollama.engine.model.ModelConfig;
import dev.jollama.engine.model.ModelFormatException;
import dev.jollama.engine.model.ModelMetadata;

/**
 * Llama 2/3/3.1/3.2 and Mistral: the base decoder (RMSNorm, adjacent-pair RoPE, SwiGLU). Llama 3.1 frequency scaling
 * arrives as the {@code rope_freqs} tensor, tied embeddings as a missing {@code output.weight}; both are handled by
 * the shared loader.
 */
public final class Llama implements Architecture {
    @Override
    public String name() {
        return "llama";
    }

    @Override
    public void configure(ModelConfig.Builder config, ModelMetadata md) throws ModelFormatException {
        if (md.count("expert_count", 0) > 0) throw new ModelFormatException("llama mixture-of-experts models are not supported");
    }
}
