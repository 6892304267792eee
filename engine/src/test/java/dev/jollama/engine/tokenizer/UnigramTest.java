package dev.jollama.engine.tokenizer;

import dev.jollama.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Unigram (T5) tokenizer against llama.cpp on two vocabularies written by {@link UnigramTestVocabulary} and
 * committed under tokenizer/unigram (golden answers from make-goldens.mjs). Run with -Djollama.regenerate=true to
 * rewrite the committed files after changing the generator, then regenerate the goldens.
 */
class UnigramTest {
    static Path committed() {
        return TestData.root().resolve("engine/src/test/resources/tokenizer/unigram");
    }

    @Test
    void committedVocabulariesAreWhatTheGeneratorWrites(@TempDir Path tmp) throws IOException {
        if (Boolean.getBoolean("jollama.regenerate")) {
            Files.createDirectories(committed());
            UnigramTestVocabulary.write(committed());
        }
        UnigramTestVocabulary.write(tmp);
        for (String name : new String[] {UnigramTestVocabulary.T5, UnigramTestVocabulary.PLAIN}) {
            assertThat(Files.readAllBytes(tmp.resolve(name + ".gguf")))
                    .as(name + ".gguf is stale: regenerate it and its golden file")
                    .isEqualTo(Files.readAllBytes(committed().resolve(name + ".gguf")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {UnigramTestVocabulary.T5, UnigramTestVocabulary.PLAIN})
    void matchesLlamaCpp(String name) throws IOException {
        BaseTokenizer tokenizer = Tokenizers.fromFile(committed().resolve(name + ".gguf"));
        assertThat(tokenizer).isInstanceOf(Unigram.class);
        TokenizerGoldenTest.check(tokenizer, TokenizerGoldenTest.golden(name));
    }
}
