package dev.jollama.engine.model.arch;

import dev.jollama.engine.model.Architecture;
import dev.jollama.engine.model.ModelConfig;
import dev.jollama.engine.model.ModelMetadata;

/** Qwen 3: NeoX RoPE and an RMSNorm on each query and key head before RoPE (QK-norm). */
public final class Qwen3 implements Architecture {
    @Override
    public String name() {
        return "qwen3";
    }

    @Override
    public void configure(ModelConfig.Builder config, ModelMetadata md) {
        config.neoxRope = true;
        config.queryKeyNorm = true;
    }
}
