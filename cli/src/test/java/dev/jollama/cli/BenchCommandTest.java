package dev.jollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.testing.TestData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {
    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void jsonGivesOneObjectPerTestInOrder() throws Exception {
        String model = TestData.stories260K().toString();
        assertThat(run("bench", model, "-p", "8,16", "-n", "4", "-r", "3", "-t", "2", "-b", "8", "--json")).isEqualTo(0);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().strip().split("\n")) lines.add(new ObjectMapper().readTree(line));
        assertThat(lines).extracting(o -> o.get("test").asText()).containsExactly("pp8", "pp16", "tg4");
        for (JsonNode o : lines) {
            assertThat(o.get("samples_ts")).hasSize(3);
            double min = Double.MAX_VALUE, max = 0;
            for (JsonNode s : o.get("samples_ts")) {
                assertThat(s.asDouble()).isPositive();
                min = Math.min(min, s.asDouble());
                max = Math.max(max, s.asDouble());
            }
            assertThat(o.get("tokens_per_s").asDouble()).isBetween(min, max);
            assertThat(o.get("median").asDouble()).isBetween(min, max);
            assertThat(o.get("threads").asInt()).isEqualTo(2);
            assertThat(o.get("n_batch").asInt()).isEqualTo(8);
            assertThat(o.get("kv_cache_type").asText()).isEqualTo("f16");
            assertThat(o.get("model_params").asLong()).isBetween(200_000L, 300_000L);
        }
    }

    @Test
    void theTableHasOneRowPerTest() {
        assertThat(run("bench", TestData.stories260K().toString(), "-p", "8", "-n", "2", "-d", "0,20", "-r", "1", "-ctk", "f32")).isEqualTo(0);
        assertThat(out.toString()).contains("| model | size | params | threads | test | t/s |").contains("| pp8 |").contains("| tg2 |")
                .contains("| pp8 @ d20 |").contains("| tg2 @ d20 |");
        assertThat(err.toString()).contains("loaded stories260K.gguf in ");
    }

    @Test
    void badInputIsAnError() {
        assertThat(run("bench", "/no/such/model.gguf")).isEqualTo(1);
        assertThat(err.toString()).contains("Error: no such file: /no/such/model.gguf");
        assertThat(run("bench", TestData.stories260K().toString(), "-ctk", "q2")).isEqualTo(1);
        assertThat(err.toString()).contains("unknown KV cache type 'q2'");
    }
}
