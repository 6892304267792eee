package dev.jollama.cli.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void listLayoutIsOllamas() {
        // the expected text of Ollama's own list test (cmd_test.go)
        String got = new Table("NAME", "ID", "SIZE", "MODIFIED")
                .row("model1", "sha256:abc12", "1.0 KB", "24 hours ago")
                .row("model2", "sha256:def45", "2.0 KB", "2 days ago")
                .render();
        assertThat(got).isEqualTo("NAME      ID              SIZE      MODIFIED     \n"
                + "model1    sha256:abc12    1.0 KB    24 hours ago    \n"
                + "model2    sha256:def45    2.0 KB    2 days ago      \n");
    }

    @Test
    void headerlessSectionsStartWithAnEmptyColumn() {
        String got = new Table().row("", "architecture", "llama").row("", "quantization", "Q4_0").render();
        assertThat(got).isEqualTo("    architecture    llama    \n    quantization    Q4_0     \n");
    }

    @Test
    void longCellsWrapWithMinimalRaggedness() {
        assertThat(Table.wrapString("aaa bb cc ddddd", 6)).containsExactly("aaa", "bb cc", "ddddd");
        assertThat(Table.wrapString("a-very-long-single-word", 5)).containsExactly("a-very-long-single-word");
        String got = new Table().row("", "You are a helpful assistant that answers in short sentences.").render();
        assertThat(got).isEqualTo("    You are a helpful assistant    \n"
                + "    that answers in short          \n"
                + "    sentences.                     \n");
    }

    @Test
    void wideCharactersCountTwoColumns() {
        String got = new Table("A", "B").row("世界", "x").render();
        assertThat(got).isEqualTo("A       B \n世界    x    \n");
        assertThat(List.of(Width.of("世界"), Width.of("e\u0301"))).containsExactly(4, 1);
    }
}
