package dev.jollama.engine.model;

import dev.jollama.engine.gguf.GgufMetadata;

/**
 * Everything the forward pass needs to know about a model, read from GGUF metadata: the common llama-family
 * hyperparameters, then whatever the {@link Architecture} states differently.
 *
 * @param slidingLayers      per layer: true when the layer attends only to the last {@code slidingWindow} positions
 *                           (and uses the sliding rope base)
 * @param attentionScale     factor applied to q·k before the softmax
 * @param scaleQueries       apply {@code attentionScale} to the queries before the dot products (as llama.cpp's graphs
 *                           for Gemma and Phi-3 do) rather than to the scores; equal up to rounding
 * @param embeddingScale     factor applied to token embeddings (Gemma: sqrt(embedding length)), 1 otherwise
 * @param attentionSoftcap   cap for attention scores (cap * tanh(s / cap)), 0 when off
 * @param finalSoftcap       cap for output logits, 0 when off
 * @param fusedGateUp        the feed-forward "up" tensor holds gate and up rows (Phi-3)
 * @param tiedOutputOnly     the output projection is always the token embedding, even if output.weight exists
 * @param pooling            how embeddings pool token states ({@code pooling_type}; NONE when absent)
 * @param causal             tokens attend only to earlier ones ({@code attention.causal}, true unless stated)
 * @param encoder            a BERT-style encoder (post-norm LayerNorm blocks, no output head), run by {@link Encoder}
 * @param positionEmbeddings positions come from a learned table ({@code position_embd}) instead of RoPE
 */
public record ModelConfig(String architecture, int embeddingLength, int blockCount, int contextLength, int vocabSize,
                          int headCount, int headCountKv, int keyLength, int valueLength, int feedForwardLength,
                          float normEpsilon, RopeConfig rope, float embeddingScale, float attentionScale,
                          boolean scaleQueries, float attentionSoftcap, float finalSoftcap, int slidingWindow, boolean[] slidingLayers,
                          Activation activation, boolean queryKeyNorm, boolean postNorms, boolean fusedGateUp,
                          boolean tiedOutputOnly, Pooling pooling, boolean causal, boolean encoder,
                          boolean positionEmbeddings) {

    public int queryDim() {
        return headCount * keyLength;
    }

    public int keyValueDim() {
        return headCountKv * keyLength;
    }

    public int valueDim() {
        return headCountKv * valueLength;
    }

    public boolean isSliding(int layer) {
        return slidingWindow > 0 && slidingLayers[layer];
    }

    /** Reads the configuration of the architecture named in {@code general.architecture}. */
    public static ModelConfig read(GgufMetadata metadata) throws ModelFormatException {
        String name = metadata.getString("general.architecture", null);
        if (name == null) throw new ModelFormatException("missing metadata key general.architecture");
        Architecture arch = Architectures.forName(name);
        ModelMetadata md = new ModelMetadata(metadata, name);
        Builder b = new Builder(md);
        arch.configure(b, md);
        return b.build();
    }

    @Override
    public String toString() {
        return architecture + "[embd=" + embeddingLength + " layers=" + blockCount + " heads=" + headCount + "/" + headCountKv
                + " head=" + keyLength + " ff=" + feedForwardLength + " vocab=" + vocabSize + " ctx=" + contextLength
                + " window=" + slidingWindow + " rope=" + rope + "]";
    }

    /** The common hyperparameters, read when created; architectures adjust the rest. */
    public static final class Builder {
        private final ModelMetadata md;
        final int embeddingLength, blockCount, contextLength, vocabSize, headCount, headCountKv, keyLength, valueLength, feedForwardLength;
        public boolean neoxRope;
        public float embeddingScale = 1f;
        public float attentionScale;
        public boolean scaleQueries;
        public float attentionSoftcap;
        public float finalSoftcap;
        public int slidingWindow;
        public boolean[] slidingLayers;
        public float slidingFreqBase = 10000f;
        public float slidingFreqScale = 1f;
        public Activation activation = Activation.SILU;
        public boolean queryKeyNorm;
        public boolean postNorms;
        public boolean fusedGateUp;
        public boolean tiedOutputOnly;
        public boolean ropeMustCoverHead = true;
        /** The norms are LayerNorms whose epsilon is {@code attention.layer_norm_epsilon} (BERT family). */
        public boolean layerNorm;
        public boolean encoder;
        public boolean positionEmbeddings;
        public boolean causal;
        public Pooling pooling;

        Builder(ModelMetadata md) throws ModelFormatException {
            this.md = md;
            contextLength = md.requireCount("context_length");
            embeddingLength = md.requireCount("embedding_length");
            blockCount = md.requireCount("block_count");
            feedForwardLength = md.uniformCount("feed_forward_length", 0);
            headCount = md.uniformCount("attention.head_count", 0);
            headCountKv = md.uniformCount("attention.head_count_kv", headCount);
            int headDim = headCount > 0 ? embeddingLength / headCount : 0;
            keyLength = md.count("attention.key_length", headDim);
            valueLength = md.count("attention.value_length", headDim);
            causal = md.flag("attention.causal", true);
            pooling = Pooling.fromMetadata(md);
            String[] tokens = md.raw().getStringArray("tokenizer.ggml.tokens");
            vocabSize = tokens != null ? tokens.length : md.count("vocab_size", 0);
            attentionScale = keyLength > 0 ? 1f / (float) Math.sqrt(keyLength) : 0f;
            slidingLayers = new boolean[Math.max(0, blockCount)];
        }

        public int embeddingLength() { return embeddingLength; }
        public int blockCount() { return blockCount; }
        public int headCount() { return headCount; }
        public int keyLength() { return keyLength; }
        public int valueLength() { return valueLength; }

        /**
         * Marks sliding-window layers as llama.cpp's {@code set_swa_pattern} does: every {@code n}-th layer is full
         * attention, the others slide (n = 0: all slide; n = 1: none). An explicit
         * {@code attention.sliding_window_pattern} in the metadata (one flag per layer, or n) takes precedence.
         */
        public void slidingPattern(int n) throws ModelFormatException {
            String key = md.key("attention.sliding_window_pattern");
            dev.jollama.engine.gguf.GgufArray explicit = md.raw().getArray(key);
            if (explicit != null) {
                if (explicit.length() < blockCount) throw new ModelFormatException(key + " has fewer entries than layers");
                for (int il = 0; il < blockCount; il++) {
                    Object v = explicit.get(il);
                    slidingLayers[il] = v instanceof Boolean b ? b : v instanceof Number x && x.longValue() != 0;
                }
                return;
            }
            n = md.count("attention.sliding_window_pattern", n);
            for (int il = 0; il < blockCount; il++) slidingLayers[il] = n == 0 || il % n < n - 1;
        }

        ModelConfig build() throws ModelFormatException {
            String a = md.architecture();
            String epsKey = layerNorm ? "attention.layer_norm_epsilon" : "attention.layer_norm_rms_epsilon";
            if (!md.has(epsKey)) throw new ModelFormatException("missing metadata key " + md.key(epsKey));
            float normEpsilon = md.number(epsKey, 1e-5f);
            if (blockCount < 1 || blockCount > 4096) throw new ModelFormatException(a + ": absurd block count " + blockCount);
            if (headCount < 1) throw new ModelFormatException("missing or zero metadata key " + md.key("attention.head_count"));
            if (headCountKv < 1 || headCount % headCountKv != 0) {
                throw new ModelFormatException(a + ": " + headCount + " attention heads cannot be shared by " + headCountKv + " key/value heads");
            }
            if (keyLength < 1 || valueLength < 1) throw new ModelFormatException(a + ": head size is zero");
            if (keyLength != valueLength) throw new ModelFormatException(a + ": key length " + keyLength + " differs from value length " + valueLength + "; not supported");
            if (feedForwardLength < 1) throw new ModelFormatException("missing or zero metadata key " + md.key("feed_forward_length"));
            if (vocabSize < 1) throw new ModelFormatException("the model has no vocabulary (tokenizer.ggml.tokens)");
            if ((long) headCount * keyLength > ModelMetadata.MAX_DIMENSION) throw new ModelFormatException(a + ": absurd attention size");
            if (!(normEpsilon > 0)) throw new ModelFormatException(md.key(epsKey) + " must be positive");
            if (slidingWindow < 0) throw new ModelFormatException(md.key("attention.sliding_window") + " must not be negative");
            RopeConfig rope = RopeConfig.fromMetadata(md, neoxRope, keyLength, contextLength).withSliding(slidingFreqBase, slidingFreqScale);
            if (ropeMustCoverHead && rope.dimensions() != keyLength) {
                throw new ModelFormatException(a + ": rope dimension count " + rope.dimensions() + " must equal the head size " + keyLength);
            }
            return new ModelConfig(a, embeddingLength, blockCount, contextLength, vocabSize, headCount, headCountKv, keyLength,
                    valueLength, feedForwardLength, normEpsilon, rope, embeddingScale, attentionScale, scaleQueries, attentionSoftcap,
                    finalSoftcap, slidingWindow, slidingLayers, activation, queryKeyNorm, postNorms, fusedGateUp, tiedOutputOnly,
                    pooling, causal, encoder, positionEmbeddings);
        }
    }
}
