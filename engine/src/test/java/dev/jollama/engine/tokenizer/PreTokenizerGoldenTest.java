package dev.jollama.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.engine.gguf.GgufFile;
import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.tokenizer.pre.PreTokenizer;
import dev.jollama.engine.tokenizer.pre.PreTokenizers;
import dev.jollama.testing.TestData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every pre-tokenizer name llama.cpp knows, against llama.cpp: the Llama 3 vocabulary with {@code tokenizer.ggml.pre}
 * set to the name (and once with {@code tokenizer.ggml.model} "gemma4") tokenizes and detokenizes a fixed set of
 * strings as golden/pretokenizers.json records (made by make-goldens.mjs), with the same BOS/EOS rules.
 */
class PreTokenizerGoldenTest {
    @Test
    void everyPreTokenizerMatchesLlamaCpp() throws IOException {
        GgufMetadata m;
        try (GgufFile f = GgufFile.open(TestData.requireShared("vocab/ggml-vocab-llama-bpe.gguf"))) {
            m = f.metadata();
        }
        JsonNode golden = TokenizerGoldenTest.golden("pretokenizers");
        List<String> strings = new ArrayList<>();
        golden.get("strings").forEach(s -> strings.add(s.asText()));
        assertThat(PreTokenizers.names()).as("names llama.cpp knows")
                .containsExactlyInAnyOrderElementsOf(names(golden).stream().filter(n -> !n.startsWith("model:")).toList());

        Map<List<Object>, JsonNode> answers = new HashMap<>(); // names of one definition share an answer
        Map<Boolean, BpeMerges> merges = new HashMap<>();
        List<String> failures = new ArrayList<>();
        for (String name : names(golden)) {
            boolean gemma4Model = name.equals("model:gemma4");
            PreTokenizer pre = PreTokenizers.forName(gemma4Model ? "gemma4" : name);
            List<Object> key = List.of(pre.splitters(), pre.options(), gemma4Model);
            JsonNode ours = answers.get(key);
            if (ours == null) {
                m.putString(gemma4Model ? "tokenizer.ggml.model" : "tokenizer.ggml.pre", gemma4Model ? "gemma4" : name);
                GgufVocabulary vocab = ByteLevelBpe.vocabulary(m, gemma4Model ? "gemma4" : "gpt2", pre);
                boolean byteLevel = !pre.has(PreTokenizer.Option.RAW_UTF8);
                BpeMerges table = merges.computeIfAbsent(byteLevel, b -> new BpeMerges(vocab, m.getStringArray("tokenizer.ggml.merges"), b));
                ours = answer(new ByteLevelBpe(vocab, pre, table), strings);
                answers.put(key, ours);
                m.putString("tokenizer.ggml.pre", "llama-bpe").putString("tokenizer.ggml.model", "gpt2");
            }
            compare(name, golden.get("results").get(golden.get("names").get(name).asText()), ours, strings, failures);
        }
        assertThat(failures).isEmpty();
    }

    private static List<String> names(JsonNode golden) {
        List<String> names = new ArrayList<>();
        golden.get("names").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode answer(ByteLevelBpe t, List<String> strings) {
        var json = TokenizerGoldenTest.JSON;
        var node = json.createObjectNode();
        GgufVocabulary v = t.vocabulary();
        node.put("bos", v.bos() < 0 || (v.attributes(v.bos()) & GgufVocabulary.ATTR_UNKNOWN) != 0 ? -1 : v.bos());
        node.put("eos", v.eos() < 0 || (v.attributes(v.eos()) & GgufVocabulary.ATTR_UNKNOWN) != 0 ? -1 : v.eos());
        node.put("addBos", v.addBos());
        node.put("addEos", v.addEos());
        var cases = node.putArray("cases");
        for (String s : strings) {
            int[] ids = t.encode(s, false, false);
            var c = cases.addObject();
            var array = c.putArray("ids");
            for (int id : ids) array.add(id);
            c.put("detokenized", t.decode(ids));
        }
        return node;
    }

    private static void compare(String name, JsonNode expected, JsonNode actual, List<String> strings, List<String> failures) {
        for (String field : new String[] {"bos", "eos", "addBos", "addEos"}) {
            if (!expected.get(field).equals(actual.get(field))) failures.add(name + ": " + field + " " + actual.get(field) + " instead of " + expected.get(field));
        }
        Iterator<JsonNode> e = expected.get("cases").iterator(), a = actual.get("cases").iterator();
        for (String s : strings) {
            JsonNode want = e.next(), got = a.next();
            if (want.isNull() || failures.size() > 40) continue; // llama.cpp aborts on this input
            if (!Objects.equals(want.get("ids"), got.get("ids"))) {
                failures.add(name + ": " + TokenizerGoldenTest.quote(s) + "\n    expected " + want.get("ids") + "\n    actual   " + got.get("ids"));
            } else if (!want.get("detokenized").equals(got.get("detokenized"))) {
                failures.add(name + ": detokenized " + TokenizerGoldenTest.quote(s) + " as " + got.get("detokenized") + " instead of " + want.get("detokenized"));
            }
        }
    }
}
