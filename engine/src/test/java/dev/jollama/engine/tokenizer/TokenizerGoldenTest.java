package dev.jollama.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.testing.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every vocabulary against llama.cpp's answers (golden/*.json, made by make-goldens.mjs with node-llama-cpp): special
 * ids, BOS/EOS rules, end-of-generation tokens, token attributes, and a few hundred strings (mixed scripts, emoji,
 * white-space runs, lone surrogates, numbers, code, special-token-looking text) tokenized with parse_special off and on
 * and detokenized, plus random id sequences detokenized (UTF-8 split across tokens included).
 */
class TokenizerGoldenTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"llama-spm", "llama-bpe", "qwen2", "phi-3", "gpt-2", "bert-bge", "deepseek-llm",
            "deepseek-coder", "falcon", "mpt", "baichuan", "gpt-neox"})
    void sharedVocabularyMatchesLlamaCpp(String name) throws IOException {
        Path gguf = TestData.requireShared("vocab/ggml-vocab-" + name + ".gguf");
        check(Tokenizers.fromFile(gguf), golden(name));
    }

    static JsonNode golden(String name) throws IOException {
        try (InputStream in = TokenizerGoldenTest.class.getResourceAsStream("/tokenizer/golden/" + name + ".json")) {
            assertThat(in).as("golden file for " + name).isNotNull();
            return JSON.readTree(in);
        }
    }

    static void check(BaseTokenizer tokenizer, JsonNode golden) {
        GgufVocabulary vocab = tokenizer.vocabulary();
        assertThat(vocab.size()).isEqualTo(golden.get("size").asInt());
        assertThat(visible(vocab, vocab.bos())).as("bos").isEqualTo(golden.get("bos").asInt());
        assertThat(visible(vocab, vocab.eos())).as("eos").isEqualTo(golden.get("eos").asInt());
        assertThat(visible(vocab, vocab.eot())).as("eot").isEqualTo(golden.get("eot").asInt());
        assertThat(visible(vocab, vocab.separator())).as("sep").isEqualTo(golden.get("sep").asInt());
        assertThat(vocab.addBos()).as("add_bos").isEqualTo(golden.get("addBos").asBoolean());
        assertThat(vocab.addEos()).as("add_eos").isEqualTo(golden.get("addEos").asBoolean());
        assertThat(vocab.endOfGenerationIds()).as("end-of-generation ids").containsExactly(ints(golden.get("endOfGeneration")));
        int[] attributes = new int[vocab.size()];
        Arrays.fill(attributes, GgufVocabulary.ATTR_NORMAL);
        for (JsonNode a : golden.get("attributes")) attributes[a.get(0).asInt()] = a.get(1).asInt();
        List<String> wrong = IntStream.range(0, vocab.size()).filter(id -> vocab.attributes(id) != attributes[id])
                .mapToObj(id -> id + " '" + vocab.token(id) + "': " + vocab.attributes(id) + " instead of " + attributes[id]).toList();
        assertThat(wrong).as("token attributes").isEmpty();

        List<String> failures = new ArrayList<>();
        for (JsonNode c : golden.get("cases")) {
            String text = c.get("text").asText();
            int[] ids = ints(c.get("ids"));
            int[] idsSpecial = c.has("idsSpecial") ? ints(c.get("idsSpecial")) : ids;
            expect(failures, "encode", text, ids, tokenizer.encode(text, false, false));
            expect(failures, "encode parse_special", text, idsSpecial, tokenizer.encode(text, false, true));
            expect(failures, "decode", text, c.get("detokenized").asText(), tokenizer.decode(ids));
            if (c.has("detokenizedSpecial")) expect(failures, "decode", text, c.get("detokenizedSpecial").asText(), tokenizer.decode(idsSpecial));
            if (c.get("detokenized").asText().equals(text)) expect(failures, "round trip", text, text, tokenizer.decode(tokenizer.encode(text, false, false)));
        }
        for (JsonNode d : golden.get("decodes")) {
            int[] ids = ints(d.get("ids"));
            expect(failures, "decode ids", Arrays.toString(ids), d.get("text").asText(), tokenizer.decode(ids));
        }
        assertThat(failures).as(golden.get("file").asText()).isEmpty();
    }

    /** node-llama-cpp reports a special id whose token has the UNKNOWN attribute as absent (-1). */
    private static int visible(GgufVocabulary vocab, int id) {
        return id < 0 || (vocab.attributes(id) & GgufVocabulary.ATTR_UNKNOWN) != 0 ? -1 : id;
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }

    private static void expect(List<String> failures, String what, String input, Object expected, Object actual) {
        boolean same = expected instanceof int[] e ? Arrays.equals(e, (int[]) actual) : expected.equals(actual);
        if (!same && failures.size() < 30) {
            failures.add(what + " of " + quote(input) + "\n    expected " + show(expected) + "\n    actual   " + show(actual));
        }
    }

    private static String show(Object o) {
        return o instanceof int[] a ? Arrays.toString(a) : quote((String) o);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || Character.isSurrogate((char) cp) && cp < 0x10000) {
                b.append(String.format("\\u%04X", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.append('"').toString();
    }
}
