package dev.jollama.server.store;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Cases from Ollama's types/model/name_test.go, with defaults applied as every API call applies them. */
class ModelNameTest {
    static final String P80 = "8".repeat(80), P350 = "3".repeat(350);

    @Test
    void partsAndDefaults() {
        ModelName n = ModelName.parse("registry.ollama.ai/library/dolphin-mistral:7b-v2.6-dpo-laser-q6_K");
        assertThat(n).isEqualTo(new ModelName("https", "registry.ollama.ai", "library", "dolphin-mistral", "7b-v2.6-dpo-laser-q6_K"));
        assertThat(ModelName.parse("scheme://host:port/namespace/model:tag"))
                .isEqualTo(new ModelName("scheme", "host:port", "namespace", "model", "tag"));
        assertThat(ModelName.parse("host:port/namespace/model").toString()).isEqualTo("host:port/namespace/model:latest");
        assertThat(ModelName.parse("namespace/model").toString()).isEqualTo("registry.ollama.ai/namespace/model:latest");
        assertThat(ModelName.parse("xx").toString()).isEqualTo("registry.ollama.ai/library/xx:latest");
        assertThat(ModelName.parse("hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M").displayShortest())
                .isEqualTo("hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M");
    }

    @Test
    void validity() {
        Map<String, Boolean> cases = Map.ofEntries(
                Map.entry("", false), Map.entry("_why/_the/_lucky:_stiff", true), Map.entry("h/n/m:t", true),
                Map.entry(P80 + "/" + P80 + "/" + P80 + ":" + P80, true), Map.entry(P350 + "/" + P80 + "/" + P80 + ":" + P80, true),
                Map.entry(P80 + "8/ns/m:t", true), Map.entry("h/" + P80 + "8/m:t", false), Map.entry("h/n/" + P80 + "8", false),
                Map.entry("h/n/m:" + P80 + "8", false), Map.entry("^", false), Map.entry("mm:", false), Map.entry("/nn/mm", false),
                Map.entry("//", false), Map.entry("//mm", false), Map.entry("hh//", false), Map.entry("//mm:@", false),
                Map.entry("00@", false), Map.entry("@", false), Map.entry("-hh/nn/mm:tt", false), Map.entry("hh/-nn/mm:tt", false),
                Map.entry("hh/nn/-mm:tt", false), Map.entry("hh/nn/mm:-tt", false), Map.entry("host:https/namespace/model:tag", true),
                Map.entry("host/name:space/model:tag", false), Map.entry("ns.dot/model", false), Map.entry("a./b/c:d", true),
                Map.entry("../../etc/passwd", false), Map.entry("..", false), Map.entry("a/../b", false), Map.entry("model:..", false),
                Map.entry("a\\b", false), Map.entry("modèle", false), Map.entry("a b", false), Map.entry("a/b/c/d/e", false));
        cases.forEach((s, valid) -> assertThat(ModelName.parse(s).isValid()).as(s).isEqualTo(valid));
    }

    @Test
    void displayShortest() {
        assertThat(ModelName.parse("registry.ollama.ai/library/model:latest").displayShortest()).isEqualTo("model:latest");
        assertThat(ModelName.parse("registry.ollama.ai/namespace/model:tag").displayShortest()).isEqualTo("namespace/model:tag");
        assertThat(ModelName.parse("host/library/model:tag").displayShortest()).isEqualTo("host/library/model:tag");
        assertThat(ModelName.parse("REGISTRY.OLLAMA.AI/LIBRARY/model").displayShortest()).isEqualTo("model:latest");
    }

    @Test
    void pathPartsMustFormAValidName() {
        assertThat(ModelName.fromPathParts("host:port", "namespace", "model", "tag")).isNotNull();
        assertThat(ModelName.fromPathParts("..", "..", "model", "tag")).isNull();
        assertThat(ModelName.fromPathParts("h", "n", ".", "tag")).isNull();
        assertThat(ModelName.fromPathParts("h", "n", "m", ".tmp-123")).isNull();
    }
}
