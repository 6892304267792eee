package dev.jollama.engine.model.arch;

import dev.jollama.engine.model.Architecture;
import dev.jollama.engine.model.ModelConfig;
import dev.jollama.engine.model.ModelFormatException;
import dev.jollama.engine.model.ModelMetadata;

/**
 * Gemma 2: Gemma plus norms after attention and feed-forward, soft-capped attention scores and logits, and a sliding
 * window on every other layer (starting with the first).
 */
public final class Gemma2 implements Architecture {
    @Override
    public String name() {
        return "gemma2";
    }

    @Override
    public void configure(ModelConfig.Builder config, ModelMetadata md) throws ModelFormatException {
        Gemma.configureCommon(config);
        config.postNorms = true;
        config.tiedOutputOnly = true;
        config.slidingWindow = md.count("attention.sliding_window", 4096);
        config.slidingPattern(2);
        config.attentionSoftcap = md.number("attn_logit_softcapping", 50f);
        config.finalSoftcap = md.number("final_logit_softcapping", 30f);
        config.attentionScale = Gemma.queryScale(config, 46);
        // sliding layers use the same rope as full ones unless the file says otherwise
        config.slidingFreqBase = md.number("rope.freq_base_swa", md.number("rope.freq_base", 10000f));
        float factor = md.number("rope.scaling.factor", md.number("rope.scale_linear", 0f));
        config.slidingFreqScale = factor == 0f ? 1f : 1f / factor;
    }
}
