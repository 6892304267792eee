package dev.jollama.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.api.ToolCall;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswerPrinterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aWordCrossingTheEdgeMovesToTheNextLine() {
        AnswerPrinter p = new AnswerPrinter(out, true, true, false, () -> 20);
        for (String chunk : List.of("The quick ", "brown fox jum", "ps over the dog")) p.accept(null, chunk, null);
        // as Ollama: once 15 columns (width - 5) are written, the next character moves the word being written
        // (erased: cursor back over it, clear to the end of line) to a new line
        assertThat(printed()).isEqualTo("The quick brown\033[5D\033[K\nbrown fox jumps\033[5D\033[K\njumps over the \033[K\ndog");
        assertThat(p.content()).isEqualTo("The quick brown fox jumps over the dog");
    }

    @Test
    void plainOutputIsNotWrapped() {
        AnswerPrinter p = new AnswerPrinter(out, false, false, false, () -> 20);
        p.accept(null, "The quick brown fox jumps over the lazy dog", null);
        assertThat(printed()).isEqualTo("The quick brown fox jumps over the lazy dog");
    }

    @Test
    void thinkingIsFramedAndCanBeHidden() {
        AnswerPrinter p = new AnswerPrinter(out, false, false, false, () -> 80);
        p.accept("Let me", null, null);
        p.accept(" think.", null, null);
        p.accept(null, "Answer.", null);
        assertThat(printed()).isEqualTo("Thinking...\nLet me think.\n...done thinking.\n\nAnswer.");
        assertThat(p.thinking()).isEqualTo("Let me think.");

        bytes.reset();
        AnswerPrinter hidden = new AnswerPrinter(out, false, false, true, () -> 80);
        assertThat(hidden.shows("thought", null)).isFalse();
        hidden.accept("thought", null, null);
        hidden.accept(null, "Answer.", null);
        assertThat(printed()).isEqualTo("Answer.");
    }

    @Test
    void toolCallsAreReportedAsUnknownFunctions() {
        AnswerPrinter p = new AnswerPrinter(out, false, false, false, () -> 80);
        p.accept(null, null, List.of(new ToolCall("call_1", new ToolCall.Function(0, "get_weather", Map.of("city", "Paris")))));
        assertThat(printed()).isEqualTo("  Model called a non-existent function 'get_weather()' with arguments: {\"city\":\"Paris\"}");
    }
}
