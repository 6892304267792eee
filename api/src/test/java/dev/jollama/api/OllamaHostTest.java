package dev.jollama.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OllamaHostTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``|http://127.0.0.1:11434",
        "1.2.3.4|http://1.2.3.4:11434",
        ".local|http://.local:11434",
        "0.0.0.0|http://127.0.0.1:11434",
        "0.0.0.0:11434|http://127.0.0.1:11434",
        ":1234|http://127.0.0.1:1234",
        "1.2.3.4:1234|http://1.2.3.4:1234",
        "example.com|http://example.com:11434",
        "example.com:1234|http://example.com:1234",
        "http://1.2.3.4|http://1.2.3.4:80",
        "https://example.com|https://example.com:443",
        "https://example.com:1234|https://example.com:1234",
        "[::1]:1234|http://[::1]:1234",
        "::1|http://[::1]:11434",
        "[::]:1234|http://[::1]:1234",
        "` \"127.0.0.1:5000\" `|http://127.0.0.1:5000",
        "example.com:99999|http://example.com:11434",
        "example.com:abc|http://example.com:11434",
        "http://example.com/ollama|http://example.com:80/ollama",
        "ollama.com|https://ollama.com:443",
    })
    void parsesAsOllamaDoes(String value, String expected) {
        assertThat(OllamaHost.parse(value).connectable().baseUri().toString()).isEqualTo(expected);
    }
}
