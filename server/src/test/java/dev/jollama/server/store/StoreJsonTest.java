package dev.jollama.server.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StoreJsonTest {

    private static String encode(Object o) {
        return new String(StoreJson.encode(o), StandardCharsets.UTF_8);
    }

    @Test
    void mapsAreSortedAndHtmlCharactersEscapedAsInGo() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("temperature", 0.6);
        m.put("stop", List.of("<|eot_id|>", "a&b", "line\nbreak", "\u0001", "\u2028"));
        m.put("num_ctx", 4096);
        assertThat(encode(m)).isEqualTo("{\"num_ctx\":4096,\"stop\":[\"\\u003c|eot_id|\\u003e\",\"a\\u0026b\",\"line\\nbreak\",\"\\u0001\",\"\\u2028\"],\"temperature\":0.6}\n");
    }

    @Test
    void floatsAsGoPrintsThem() {
        assertThat(StoreJson.formatFloat(0.7, false)).isEqualTo("0.7");
        assertThat(StoreJson.formatFloat(4096.0, false)).isEqualTo("4096");
        assertThat(StoreJson.formatFloat(1e-7, false)).isEqualTo("1e-7");
        assertThat(StoreJson.formatFloat(1e21, false)).isEqualTo("1e+21");
        assertThat(StoreJson.formatFloat(1e20, false)).isEqualTo("100000000000000000000");
        assertThat(StoreJson.formatFloat(-0.000001, false)).isEqualTo("-0.000001");
        assertThat(StoreJson.formatFloat(1e-5f, true)).isEqualTo("0.00001");
        assertThat(StoreJson.formatFloat(0.1f, true)).isEqualTo("0.1");
        assertThat(StoreJson.formatFloat(500000f, true)).isEqualTo("500000");
        assertThat(encode(Map.of("x", 0.1f))).isEqualTo("{\"x\":0.1}\n");
    }
}
