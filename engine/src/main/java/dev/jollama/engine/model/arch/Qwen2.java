package dev.jollama.engine.model.arch;

import dev.jollama.engine.model.Architecture;
import dev.jollama.engine.model.ModelConfig;
import dev.jollama.engine.model.ModelMetadata;

/** Qwen 2 / 2.5: the base decoder with NeoX RoPE and biases on q, k and v (loaded when present). */
public final class Qwen2 implements Architecture {
    @Override
    public String name() {
        return "qwen2";
    }

    @Override
    public void configure(ModelConfig.Builder config, ModelMetadata md) {
        config.neoxRope = true;
    }
}
