package dev.jollama.server.sched;

import dev.jollama.engine.model.KvCacheType;
import dev.jollama.server.model.LocalModel;
import dev.jollama.server.model.ModelFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Locale;

/**
 * Loads store models on jollama's engine: embedding models (a GGUF with a pooling type) as
 * {@link LoadedEmbeddingModel}s, every other model as an {@link EngineModel} with a KV cache of the configured type.
 */
public final class EngineLoader implements ModelLoader {
    private static final Logger log = LoggerFactory.getLogger(EngineLoader.class);

    private final KvCacheType kvCacheType;

    /** A loader whose models keep an F16 KV cache. */
    public EngineLoader() {
        this(KvCacheType.F16);
    }

    public EngineLoader(KvCacheType kvCacheType) {
        this.kvCacheType = kvCacheType;
    }

    /**
     * {@code OLLAMA_KV_CACHE_TYPE} as Ollama reads it: f16, q8_0 or q4_0 in any case; anything else is warned about
     * and gives F16, as does a quantized type with flash attention forced off ({@code OLLAMA_FLASH_ATTENTION=0};
     * the engine's attention is always the flash kind, so unset means on).
     */
    public static KvCacheType kvCacheType(String setting, Boolean flashAttention) {
        String type = setting == null ? "" : setting.strip().toLowerCase(Locale.ROOT);
        if (type.isEmpty() || type.equals("f16")) return KvCacheType.F16;
        if (!type.equals("q8_0") && !type.equals("q4_0")) {
            log.warn("kv cache type not supported by model type={}", type);
            return KvCacheType.F16;
        }
        if (Boolean.FALSE.equals(flashAttention)) {
            log.warn("quantized kv cache requested but flash attention disabled type={}", type);
            return KvCacheType.F16;
        }
        return KvCacheType.valueOf(type.toUpperCase(Locale.ROOT));
    }

    @Override
    public LoadedModel load(LocalModel model, LoadSettings settings, int numParallel) throws IOException {
        if (model.modelPath() == null) throw new IOException("model " + model.name().displayShortest() + " has no GGUF model file");
        if (ModelFacts.read(model.modelPath()).pooling()) return LoadedEmbeddingModel.load(model, settings);
        return EngineModel.load(model.modelPath(), settings, numParallel, kvCacheType);
    }
}
