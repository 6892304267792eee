package dev.jollama.engine.model;

/**
 * Rotary position embedding parameters, resolved from metadata as llama.cpp resolves them for a context.
 *
 * @param neox            rotate dimension i with i + dims/2 (GPT-NeoX style) instead of adjacent pairs
 * @param dimensions      rotated dimensions per head (the rest pass through)
 * @param freqBase        theta base of full-attention layers
 * @param freqScale       position scale of full-attention layers (1 / rope scaling factor)
 * @param slidingFreqBase theta base of sliding-window layers
 * @param slidingFreqScale position scale of sliding-window layers
 * @param originalContext training context the YaRN correction dimensions are computed for
 * @param extFactor       YaRN extrapolation mix (0 unless the scaling type is yarn)
 * @param attnFactor      magnitude scale applied to cos and sin
 * @param betaFast        YaRN low correction dimension parameter
 * @param betaSlow        YaRN high correction dimension parameter
 */
public record RopeConfig(boolean neox, int dimensions, float freqBase, float freqScale, float slidingFreqBase,
                         float slidingFreqScale, int originalContext, float extFactor, float attnFactor,
                         float betaFast, float betaSlow) {

    /** Reads {@code rope.*} keys with llama.cpp's defaults and context-time derivations. */
    static RopeConfig fromMetadata(ModelMetadata md, boolean neox, int headDim, int contextLength) throws ModelFormatException {
        int dims = md.count("rope.dimension_count", headDim);
        if (dims > headDim || dims % 2 != 0) throw new ModelFormatException(md.key("rope.dimension_count") + " " + dims + " does not fit a head of " + headDim);
        float base = md.number("rope.freq_base", 10000f);
        if (!(base > 0)) throw new ModelFormatException(md.key("rope.freq_base") + " must be positive");
        String scaling = md.string("rope.scaling.type", "linear");
        if (!scaling.equals("none") && !scaling.equals("linear") && !scaling.equals("yarn") && !scaling.equals("longrope")) {
            throw new ModelFormatException("unknown rope scaling type '" + scaling + "' in " + md.key("rope.scaling.type"));
        }
        float factor = md.number("rope.scaling.factor", md.number("rope.scale_linear", 0f));
        if (factor < 0) throw new ModelFormatException(md.key("rope.scaling.factor") + " must not be negative");
        float freqScale = scaling.equals("none") || factor == 0f ? 1f : 1f / factor;
        int original = md.count("rope.scaling.original_context_length", contextLength);
        if (original == 0) original = contextLength;

        float extFactor = scaling.equals("yarn") ? 1f : 0f;
        float attnFactor = 1f;
        if (extFactor != 0f) {
            // llama.cpp sets the YaRN magnitude and then cancels the part rope itself applies again (ggml PR 17945)
            float f = 1f / freqScale;
            attnFactor = f <= 1f ? 1f : 0.1f * (float) Math.log(f) + 1f;
            attnFactor *= 1f / (1f + 0.1f * (float) Math.log(f));
        }
        attnFactor *= md.number("rope.scaling.attn_factor", 1f);
        return new RopeConfig(neox, dims, base, freqScale, 10000f, 1f, original, extFactor, attnFactor, 32f, 1f);
    }

    public RopeConfig withSliding(float base, float scale) {
        return new RopeConfig(neox, dimensions, freqBase, freqScale, base, scale, originalContext, extFactor, attnFactor, betaFast, betaSlow);
    }
}
