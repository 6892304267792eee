package dev.jollama.engine.tokenizer;

import dev.jollama.engine.gguf.GgufArray;
import dev.jollama.engine.gguf.GgufMetadata;
import dev.jollama.engine.gguf.GgufValueType;
import dev.jollama.engine.gguf.GgufWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the two small Unigram (T5-style) vocabulary GGUFs the tests compare with llama.cpp, since ../shared has none:
 * a T5-like one (space prefix, merged white space, a precompiled charsmap with a handful of NFKC-style mappings) and a
 * plain one (no charsmap, spaces kept, BOS added). Deterministic: same bytes every run.
 */
final class UnigramTestVocabulary {
    static final String T5 = "unigram-t5";
    static final String PLAIN = "unigram-plain";

    private static final String[] WORDS = ("the of and to in is you that it he was for on are as with his they at be this "
            + "have from or one had by word but not what all were we when your can said there use an each which she do "
            + "how their if will up other about out many then them these so some her would make like him into time has "
            + "look two more write go see number no way could people my than first water been call who oil its now find "
            + "long down day did get come made may part over new sound take only little work know place year live me back "
            + "give most very after thing our just name good sentence man think say great where help through much before "
            + "line right too mean old any same tell boy follow came want show also around form three small set put end "
            + "does another well large must big even such because turn here why ask went men read need land different home "
            + "us move try kind hand picture again change off play spell air away animal house point page letter mother "
            + "answer found study still learn should America world hello Hello World New York llama tokenizer unigram").split(" ");
    private static final String[] PIECES = {"ing", "ed", "s", "es", "er", "est", "ly", "tion", "ness", "ment", "un", "re",
            "pre", "al", "ous", "ive", "able", "th", "ch", "sh", "qu", "ll", "ee", "oo", "an", "in", "on", "at", "en",
            "é", "è", "ü", "ö", "ä", "ß", "ç", "ñ", "中", "文", "日", "本", "語", "한", "국", "어", "ア", "イ", "ウ", "▁中文",
            "▁日本", "12", "19", "20", "00", "000", "...", "TM", "XII", "fi", "st", "’", "—", "▁(", ")", "▁\"", "\"", "▁'",
            "'s", "!", "?", ".", ",", ":", ";", "-", "_", "/", "@", "#", "%", "&", "*", "+", "=", "<", ">", "[", "]", "{", "}"};

    private UnigramTestVocabulary() {}

    /** Writes both vocabularies into {@code dir} as NAME.gguf. */
    static void write(Path dir) throws IOException {
        new GgufWriter(metadata(true)).write(dir.resolve(T5 + ".gguf"));
        new GgufWriter(metadata(false)).write(dir.resolve(PLAIN + ".gguf"));
    }

    static GgufMetadata metadata(boolean t5) {
        Map<String, Integer> types = new LinkedHashMap<>();
        types.put("<pad>", 3);
        types.put("</s>", 3);
        types.put("<unk>", 2);
        types.put("<s>", 3);
        for (int i = 0; i < 4; i++) types.put("<extra_id_" + i + ">", 4);
        types.put("<unused_0>", 5);
        types.put("▁", 1);
        Set<String> normal = new LinkedHashSet<>();
        for (char c = 'a'; c <= 'z'; c++) normal.add(String.valueOf(c));
        for (char c = 'A'; c <= 'Z'; c++) normal.add(String.valueOf(c));
        for (char c = '0'; c <= '9'; c++) normal.add(String.valueOf(c));
        for (String w : WORDS) {
            normal.add("▁" + w);
            if (w.length() > 3) normal.add(w.substring(0, 3));
        }
        normal.addAll(List.of(PIECES));
        for (String n : normal) types.putIfAbsent(n, 1);

        Random random = new Random(42);
        List<String> tokens = new ArrayList<>(types.keySet());
        float[] scores = new float[tokens.size()];
        int[] typeIds = new int[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            typeIds[i] = types.get(tokens.get(i));
            scores[i] = typeIds[i] == 1 ? (float) (-Math.log(i + 2) - random.nextDouble()) : 0f;
        }
        GgufMetadata m = new GgufMetadata();
        m.putString("general.architecture", "llama");
        m.putString("general.name", t5 ? "unigram-t5-test" : "unigram-plain-test");
        m.putUInt32("llama.context_length", 512);
        m.putUInt32("llama.embedding_length", 64);
        m.putUInt32("llama.block_count", 1);
        m.putUInt32("llama.feed_forward_length", 128);
        m.putUInt32("llama.attention.head_count", 4);
        m.putUInt32("llama.attention.head_count_kv", 4);
        m.putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        m.putUInt32("llama.rope.dimension_count", 16);
        m.putUInt32("llama.vocab_size", tokens.size());
        m.putString("tokenizer.ggml.model", "t5");
        m.putArray("tokenizer.ggml.tokens", new GgufArray(GgufValueType.STRING, tokens.toArray(String[]::new)));
        m.putArray("tokenizer.ggml.scores", new GgufArray(GgufValueType.FLOAT32, scores));
        m.putArray("tokenizer.ggml.token_type", new GgufArray(GgufValueType.INT32, typeIds));
        m.putUInt32("tokenizer.ggml.eos_token_id", 1);
        m.putUInt32("tokenizer.ggml.unknown_token_id", 2);
        m.putUInt32("tokenizer.ggml.padding_token_id", 0);
        m.putBool("tokenizer.ggml.add_space_prefix", t5);
        m.putBool("tokenizer.ggml.remove_extra_whitespaces", t5);
        if (t5) {
            m.putArray("tokenizer.ggml.precompiled_charsmap", new GgufArray(GgufValueType.UINT8, charsMap()));
        } else {
            m.putUInt32("tokenizer.ggml.bos_token_id", 3);
            m.putBool("tokenizer.ggml.add_bos_token", true);
            m.putBool("tokenizer.ggml.add_eos_token", false);
        }
        return m;
    }

    /** A small precompiled charsmap in SentencePiece's format, with overlapping keys to exercise longest match. */
    static byte[] charsMap() {
        Map<String, String> map = new TreeMap<>();
        map.put("Ａ", "A");
        map.put("ｂ", "b");
        map.put("ﬁ", "fi");
        map.put("ﬆ", "st");
        map.put("①", "1");
        map.put("\u3000", " ");
        map.put("\u00A0", " ");
        map.put("\t", " ");
        map.put("…", "...");
        map.put("™", "TM");
        map.put("Ⅻ", "XII");
        map.put("ｱ", "ア");
        map.put("’", "'");
        map.put("ab", "X");
        map.put("abc", "Y");
        map.put("e\u0301", "é");
        return new XcdaBuilder(map).build();
    }

    /** Builds the XOR-compressed double array: child of node p for byte c at (p ^ BASE[p]) ^ c, values on label 0. */
    static final class XcdaBuilder {
        private final int[] nodes = new int[1 << 13];
        private final boolean[] used = new boolean[1 << 13];
        /** Blocks already given to a node: XCDA checks only a slot's label, so no two nodes may share a block. */
        private final boolean[] taken = new boolean[1 << 13];
        private final ByteArrayOutputStream replacements = new ByteArrayOutputStream();
        private final TrieNode root = new TrieNode();

        private static final class TrieNode {
            final TreeMap<Integer, TrieNode> children = new TreeMap<>();
            int value = -1;
        }

        XcdaBuilder(Map<String, String> map) {
            for (var e : map.entrySet()) {
                TrieNode n = root;
                for (byte b : e.getKey().getBytes(StandardCharsets.UTF_8)) n = n.children.computeIfAbsent(b & 0xFF, k -> new TrieNode());
                n.value = replacements.size();
                replacements.writeBytes(e.getValue().getBytes(StandardCharsets.UTF_8));
                replacements.write(0);
            }
        }

        byte[] build() {
            used[0] = true;
            place(root, 0, true);
            int size = 0; // a walk may probe any slot of a used block's 256-slot group: all of them must exist
            for (int i = 0; i < used.length; i++) if (used[i] || taken[i]) size = (i | 0xFF) + 1;
            byte[] repl = replacements.toByteArray();
            ByteBuffer out = ByteBuffer.allocate(4 + 4 * size + repl.length).order(ByteOrder.LITTLE_ENDIAN);
            out.putInt(4 * size);
            for (int i = 0; i < size; i++) out.putInt(nodes[i]);
            out.put(repl);
            return out.array();
        }

        /** Places the children (and value) of the node at {@code index}; returns nothing, fills nodes. */
        private void place(TrieNode node, int index, boolean isRoot) {
            int block = 1;
            while (!fits(block, node)) block++;
            taken[block] = true;
            if (node.value >= 0) {
                used[block] = true;
                nodes[block] = 1 << 31 | node.value;
            }
            for (int c : node.children.keySet()) used[block ^ c] = true;
            int base = index ^ block;
            if (base >= 1 << 21) throw new IllegalStateException("charsmap too large for this builder");
            nodes[index] = base << 10 | (isRoot ? 0 : nodes[index] & 0x1FF);
            for (var e : node.children.entrySet()) {
                int child = block ^ e.getKey();
                nodes[child] = (e.getValue().value >= 0 ? 1 << 8 : 0) | e.getKey();
                place(e.getValue(), child, false);
            }
        }

        private boolean fits(int block, TrieNode node) {
            if (taken[block] || (node.value >= 0 && used[block])) return false;
            for (int c : node.children.keySet()) if (used[block ^ c]) return false;
            return true;
        }
    }
}
