package dev.jollama.engine.model.arch;

import dev.jollama.engine.model.Architecture;
import dev.jollama.engine.model.ModelConfig;
import dev.jollama.engine.model.ModelFormatException;
import dev.jollama.engine.model.ModelMetadata;

/**
 * Gemma 3: Gemma 2's post-norms without its attention soft-capping, QK-norm, and five sliding-window layers (with a
 * local rope base, 10000 by default) for every full-attention layer (with the global base and scaling).
 */
public final class Gemma3 implements Architecture {
    @Override
    public String name() {
        return "gemma3";
    }

    @Override
    public void configure(ModelConfig.Builder config, ModelMetadata md) throws ModelFormatException {
        Gemma.configureCommon(config);
        config.postNorms = true;
        config.queryKeyNorm = true;
        config.slidingWindow = md.count("attention.sliding_window", 0);
        if (config.slidingWindow > 0) {
            config.slidingPattern(6);
            config.slidingFreqBase = md.number("rope.freq_base_swa", 10000f);
        }
        config.finalSoftcap = md.number("final_logit_softcapping", 0f);
        config.attentionScale = Gemma.queryScale(config, 62);
    }
}
