package dev.jollama.server.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cases from Ollama's internal/modelref tests: source suffixes and the names pull and delete use. */
class ModelRefTest {
    @Test
    void suffixesNameTheSource() {
        assertThat(ModelRef.parse("gpt-oss:20b:cloud")).isEqualTo(new ModelRef("gpt-oss:20b", ModelRef.Source.CLOUD));
        assertThat(ModelRef.parse("gpt-oss:20b-cloud")).isEqualTo(new ModelRef("gpt-oss:20b", ModelRef.Source.CLOUD));
        assertThat(ModelRef.parse("gpt-oss:Cloud")).isEqualTo(new ModelRef("gpt-oss", ModelRef.Source.CLOUD));
        assertThat(ModelRef.parse("  llama3:local ")).isEqualTo(new ModelRef("llama3", ModelRef.Source.LOCAL));
        assertThat(ModelRef.parse("llama3.2:3b")).isEqualTo(new ModelRef("llama3.2:3b", ModelRef.Source.UNSPECIFIED));
        assertThat(ModelRef.parse("registry.example.com:5000/m")).isEqualTo(new ModelRef("registry.example.com:5000/m", ModelRef.Source.UNSPECIFIED));
        assertThat(ModelRef.parse("host:5000/x-cloud").source()).as("a slash after the colon is not a tag").isEqualTo(ModelRef.Source.UNSPECIFIED);
    }

    @Test
    void emptyAndDoubleSuffixesAreInvalid() {
        assertThatThrownBy(() -> ModelRef.parse(" ")).isInstanceOfSatisfying(ModelRef.Invalid.class, e -> {
            assertThat(e.required()).isTrue();
            assertThat(e.getMessage()).isEqualTo("model is required");
        });
        assertThatThrownBy(() -> ModelRef.parse("m:local:cloud")).isInstanceOfSatisfying(ModelRef.Invalid.class, e -> {
            assertThat(e.required()).isFalse();
            assertThat(e.getMessage()).isEqualTo("use either :local or :cloud, not both: \"m:local:cloud\"");
        });
    }

    @Test
    void pullNamesOfCloudModelsAreTheRegistryStubs() {
        assertThat(ModelRef.parse("gpt-oss:cloud").pullName().displayShortest()).isEqualTo("gpt-oss:cloud");
        assertThat(ModelRef.parse("gpt-oss:20b:cloud").pullName().displayShortest()).isEqualTo("gpt-oss:20b-cloud");
        assertThat(ModelRef.parse("gpt-oss:20b-cloud").pullName().displayShortest()).isEqualTo("gpt-oss:20b-cloud");
        assertThat(ModelRef.parse("llama3:8b:local").pullName().displayShortest()).isEqualTo("llama3:8b");
    }
}
