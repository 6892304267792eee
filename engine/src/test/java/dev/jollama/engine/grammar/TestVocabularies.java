package dev.jollama.engine.grammar;

import dev.jollama.engine.tokenizer.Tokenizers;
import dev.jollama.engine.tokenizer.Vocabulary;
import dev.jollama.testing.TestData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The real vocabularies of ../shared/vocab, loaded once per test run so their token tries are built once too. */
final class TestVocabularies {
    private static final Map<String, Vocabulary> LOADED = new HashMap<>();

    private TestVocabularies() {}

    /** The vocabulary of {@code ../shared/vocab/<file>}; the calling test is skipped when the file is absent. */
    static synchronized Vocabulary load(String file) {
        Path path = TestData.requireShared("vocab/" + file);
        return LOADED.computeIfAbsent(file, f -> {
            try {
                return Tokenizers.fromFile(path).vocabulary();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
