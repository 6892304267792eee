package dev.jollama.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PushCommandTest {
    @Test
    void destinationIsTheWebPageForOllamaComModels() {
        assertThat(PushCommand.destination("jdoe/mymodel")).isEqualTo("https://ollama.com/jdoe/mymodel");
        assertThat(PushCommand.destination("jdoe/mymodel:v2")).isEqualTo("https://ollama.com/jdoe/mymodel:v2");
        assertThat(PushCommand.destination("localhost:5000/jdoe/m:latest")).isEqualTo("localhost:5000/jdoe/m:latest");
    }

    @Test
    void processorColumn() {
        assertThat(PsCommand.processor(100, 0)).isEqualTo("100% CPU");
        assertThat(PsCommand.processor(100, 100)).isEqualTo("100% GPU");
        assertThat(PsCommand.processor(100, 52)).isEqualTo("48%/52% CPU/GPU");
        assertThat(PsCommand.processor(100, 200)).isEqualTo("Unknown");
    }
}
