package dev.jollama.engine.model.arch;

import dev.jollama.engine.model.Architecture;
import dev.jollama.engine.model.ModelConfig;
import dev.jollama.engine.model.ModelMetadata;

/**
 * Phi-3: NeoX RoPE (with long/short frequency factors for 128k variants), fused q/k/v, and gate and up projections
 * fused in one tensor. Its sliding window is ignored, as llama.cpp ignores it.
 */
public final class Phi3 implements Architecture {
    @Override
    public String name() {
        return "phi3";
    }

    @Override
    public void configure(ModelConfig.Builder config, ModelMetadata md) {
        config.neoxRope = true;
        config.fusedGateUp = true;
        config.ropeMustCoverHead = false;
        config.scaleQueries = true;
    }
}
