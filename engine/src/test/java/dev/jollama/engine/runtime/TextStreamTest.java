package dev.jollama.engine.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextStreamTest {
    @Test
    void withoutStopsTextPassesStraightThrough() {
        TextStream s = new TextStream(List.of());
        assertThat(s.push("Hello")).isEqualTo("Hello");
        assertThat(s.push(" world")).isEqualTo(" world");
        assertThat(s.flush()).isEmpty();
    }

    @Test
    void aPossibleStopIsHeldBackUntilDecided() {
        TextStream s = new TextStream(List.of("</end>"));
        assertThat(s.push("answer <")).isEqualTo("answer ");
        assertThat(s.push("/e")).isEmpty();
        assertThat(s.push("xtra")).isEqualTo("</extra");
        assertThat(s.stopped()).isFalse();
    }

    @Test
    void aStopSplitAcrossTokensEndsTheStreamWithoutBeingEmitted() {
        TextStream s = new TextStream(List.of("STOP", "###"));
        StringBuilder out = new StringBuilder();
        for (String piece : new String[]{"one two S", "T", "O", "P three"}) out.append(s.push(piece));
        assertThat(out.toString()).isEqualTo("one two ");
        assertThat(s.stopped()).isTrue();
        assertThat(s.push("more")).isEmpty();
        assertThat(s.flush()).isEmpty();
    }

    @Test
    void theEarliestStopWins() {
        TextStream s = new TextStream(List.of("b", "abc"));
        assertThat(s.push("xxabcd")).isEqualTo("xx"); // "abc" starts before "b"
    }

    @Test
    void heldTextIsReleasedWhenGenerationEndsOtherwise() {
        TextStream s = new TextStream(List.of("\n\nUser:"));
        assertThat(s.push("done.\n")).isEqualTo("done.");
        assertThat(s.flush()).isEqualTo("\n");
    }

    @Test
    void emptyStopStringsAreIgnored() {
        TextStream s = new TextStream(List.of(""));
        assertThat(s.push("text")).isEqualTo("text");
        assertThat(s.stopped()).isFalse();
    }
}
