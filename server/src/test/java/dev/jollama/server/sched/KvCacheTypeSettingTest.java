package dev.jollama.server.sched;

import dev.jollama.engine.model.KvCacheType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** OLLAMA_KV_CACHE_TYPE as Ollama reads it. */
class KvCacheTypeSettingTest {
    @Test
    void f16ByDefaultQuantizedTypesWhenAskedForAnythingElseFallsBackToF16() {
        assertThat(EngineLoader.kvCacheType(null, null)).isEqualTo(KvCacheType.F16);
        assertThat(EngineLoader.kvCacheType("", null)).isEqualTo(KvCacheType.F16);
        assertThat(EngineLoader.kvCacheType("f16", null)).isEqualTo(KvCacheType.F16);
        assertThat(EngineLoader.kvCacheType("q8_0", null)).isEqualTo(KvCacheType.Q8_0);
        assertThat(EngineLoader.kvCacheType(" Q4_0 ", true)).isEqualTo(KvCacheType.Q4_0);
        assertThat(EngineLoader.kvCacheType("q4_1", null)).isEqualTo(KvCacheType.F16);
        assertThat(EngineLoader.kvCacheType("f32", null)).isEqualTo(KvCacheType.F16);
        assertThat(EngineLoader.kvCacheType("q8_0", false)).as("flash attention forced off").isEqualTo(KvCacheType.F16);
    }
}
