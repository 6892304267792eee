package dev.jollama.api.modelfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParametersTest {

    @Test
    void typesFollowOllamasOptions() throws Exception {
        assertThat(Parameters.typed("num_ctx", List.of("4096"))).isEqualTo(4096L);
        assertThat(Parameters.typed("seed", List.of("-1"))).isEqualTo(-1L);
        assertThat(Parameters.typed("temperature", List.of("0.7"))).isEqualTo(0.7f);
        assertThat(Parameters.typed("top_p", List.of("1e-1"))).isEqualTo(0.1f);
        assertThat(Parameters.typed("use_mmap", List.of("True"))).isEqualTo(true);
        assertThat(Parameters.typed("use_mmap", List.of("0"))).isEqualTo(false);
        assertThat(Parameters.typed("stop", List.of("a", "b"))).isEqualTo(List.of("a", "b"));
        assertThat(Parameters.typed("temperature", List.of("-inf"))).isEqualTo(Float.NEGATIVE_INFINITY);
    }

    @Test
    void badValuesAreWordedAsOllamas() {
        assertThatThrownBy(() -> Parameters.typed("numa", List.of("true"))).hasMessage("unknown parameter 'numa'");
        assertThatThrownBy(() -> Parameters.typed("num_ctx", List.of("4k"))).hasMessage("invalid int value [4k]");
        assertThatThrownBy(() -> Parameters.typed("top_k", List.of("1.5"))).hasMessage("invalid int value [1.5]");
        assertThatThrownBy(() -> Parameters.typed("top_k", List.of("\u0661"))).hasMessage("invalid int value [\u0661]");
        assertThatThrownBy(() -> Parameters.typed("top_p", List.of("0x1p-2"))).hasMessage("invalid float value [0x1p-2]");
        assertThatThrownBy(() -> Parameters.typed("temperature", List.of("warm"))).hasMessage("invalid float value [warm]");
        assertThatThrownBy(() -> Parameters.typed("temperature", List.of("1.0f"))).hasMessage("invalid float value [1.0f]");
        assertThatThrownBy(() -> Parameters.typed("temperature", List.of("1e50"))).hasMessage("invalid float value [1e50]");
        assertThatThrownBy(() -> Parameters.typed("use_mmap", List.of("yes"))).hasMessage("invalid bool value [yes]");
    }

    @Test
    void stopAccumulatesAndDeprecatedAreDropped() throws Exception {
        Modelfile m = Modelfile.parse("""
                FROM x
                PARAMETER stop a
                PARAMETER temperature 0.5
                PARAMETER mirostat 1
                PARAMETER stop b
                PARAMETER temperature 0.25
                """);
        List<String> warnings = new ArrayList<>();
        Map<String, Object> params = Parameters.of(m.instructions(), warnings::add);
        assertThat(params).containsExactly(Map.entry("stop", List.of("a", "b")), Map.entry("temperature", 0.25f));
        assertThat(warnings).containsExactly("warning: parameter mirostat is deprecated");
    }

    @Test
    void valuesFormatAsGoPrintsThem() {
        assertThat(GoText.formatValue(0.7f)).isEqualTo("0.7");
        assertThat(GoText.formatValue(1.0f)).isEqualTo("1");
        assertThat(GoText.formatValue(1e-5f)).isEqualTo("1e-05");
        assertThat(GoText.formatValue(0.0001f)).isEqualTo("0.0001");
        assertThat(GoText.formatValue(999999f)).isEqualTo("999999");
        assertThat(GoText.formatValue(1234567f)).isEqualTo("1.234567e+06");
        assertThat(GoText.formatValue(-2.5f)).isEqualTo("-2.5");
        assertThat(GoText.formatValue(42L)).isEqualTo("42");
        assertThat(GoText.formatValue(true)).isEqualTo("true");
    }
}
