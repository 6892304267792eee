package dev.jollama.server;

import dev.jollama.api.OllamaHost;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServerConfigTest {

    @Test
    void ollamaHostForms() {
        assertThat(OllamaHost.parse("")).isEqualTo(new OllamaHost("http", "127.0.0.1", 11434, ""));
        assertThat(OllamaHost.parse("0.0.0.0")).isEqualTo(new OllamaHost("http", "0.0.0.0", 11434, ""));
        assertThat(OllamaHost.parse("0.0.0.0:8080")).isEqualTo(new OllamaHost("http", "0.0.0.0", 8080, ""));
        assertThat(OllamaHost.parse(":9999")).isEqualTo(new OllamaHost("http", "", 9999, ""));
        assertThat(OllamaHost.parse(":9999").connectable().host()).isEqualTo("127.0.0.1");
        assertThat(OllamaHost.parse("http://example.com")).isEqualTo(new OllamaHost("http", "example.com", 80, ""));
        assertThat(OllamaHost.parse("https://example.com")).isEqualTo(new OllamaHost("https", "example.com", 443, ""));
        assertThat(OllamaHost.parse("http://example.com:7000/path")).isEqualTo(new OllamaHost("http", "example.com", 7000, "path"));
        assertThat(OllamaHost.parse("ollama.com")).isEqualTo(new OllamaHost("https", "ollama.com", 443, ""));
        assertThat(OllamaHost.parse("[::1]:11435")).isEqualTo(new OllamaHost("http", "::1", 11435, ""));
        assertThat(OllamaHost.parse("::1")).isEqualTo(new OllamaHost("http", "::1", 11434, ""));
        assertThat(OllamaHost.parse("  \"localhost:1234\" ")).isEqualTo(new OllamaHost("http", "localhost", 1234, ""));
        assertThat(OllamaHost.parse("example.com:99999").port()).as("bad port falls back").isEqualTo(11434);
        assertThat(OllamaHost.parse("127.0.0.1").isLoopback()).isTrue();
        assertThat(OllamaHost.parse("0.0.0.0").isLoopback()).isFalse();
        assertThat(OllamaHost.parse("0.0.0.0:1").connectable().baseUri().toString()).isEqualTo("http://127.0.0.1:1");
    }

    @Test
    void defaultsAsOllamaButTheStoreIsJollamas() {
        ServerConfig c = ServerConfig.from(Map.of());
        assertThat(c.models()).isEqualTo(Path.of(System.getProperty("user.home"), ".jollama", "models"));
        assertThat(c.keepAliveNanos()).isEqualTo(300_000_000_000L);
        assertThat(c.noPrune()).isFalse();
        assertThat(c.numParallel()).isEqualTo(1);
        assertThat(c.maxQueue()).isEqualTo(512);
        assertThat(c.goTemplate()).isTrue();
        assertThat(c.flashAttention()).isNull();
        assertThat(c.remotes()).containsExactly("ollama.com");
        assertThat(c.debugLevel()).isZero();
    }

    @Test
    void valuesAreReadAsOllamaReadsThem() {
        ServerConfig c = ServerConfig.from(Map.of("OLLAMA_MODELS", "'/data/models'", "OLLAMA_KEEP_ALIVE", "3600", "OLLAMA_NOPRUNE", "yes",
                "OLLAMA_DEBUG", "2", "OLLAMA_ORIGINS", "https://a.example, https://b.example", "OLLAMA_NUM_PARALLEL", "four",
                "OLLAMA_CONTEXT_LENGTH", "8192", "OLLAMA_FLASH_ATTENTION", "0", "OLLAMA_LOAD_TIMEOUT", "0"));
        assertThat(c.models()).isEqualTo(Path.of("/data/models"));
        assertThat(c.keepAliveNanos()).as("bare seconds").isEqualTo(3_600_000_000_000L);
        assertThat(c.noPrune()).as("an unparsable boolean counts as true").isTrue();
        assertThat(c.debugLevel()).isEqualTo(2);
        assertThat(c.extraOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(c.numParallel()).isEqualTo(1);
        assertThat(c.warnings()).anyMatch(w -> w.contains("OLLAMA_NUM_PARALLEL"));
        assertThat(c.contextLength()).isEqualTo(8192);
        assertThat(c.flashAttention()).isFalse();
        assertThat(c.loadTimeoutNanos()).as("zero load timeout is infinite").isEqualTo(Long.MAX_VALUE);
        assertThat(ServerConfig.from(Map.of("OLLAMA_KEEP_ALIVE", "-1")).keepAliveNanos()).isEqualTo(Long.MAX_VALUE);
        assertThat(ServerConfig.from(Map.of("OLLAMA_KEEP_ALIVE", "10m")).keepAliveNanos()).isEqualTo(600_000_000_000L);
        assertThat(ServerConfig.from(Map.of("OLLAMA_KEEP_ALIVE", "0")).keepAliveNanos()).isZero();
        assertThat(ServerConfig.from(Map.of("OLLAMA_NOPRUNE", "false")).noPrune()).isFalse();
        assertThat(ServerConfig.from(Map.of("OLLAMA_DEBUG", "true")).debugLevel()).isEqualTo(1);
    }
}
