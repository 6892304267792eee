package dev.jollama.engine.grammar;

import dev.jollama.engine.tokenizer.Vocabulary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class TokenTrieTest {

    /** The radix sort gives the order of a stable comparison sort by unsigned bytes. */
    @Test
    void sortByBytesIsAStableUnsignedOrder() {
        Random r = new Random(5);
        byte[][] bytes = new byte[20_000][];
        for (int i = 0; i < bytes.length; i++) {
            // short strings over a small alphabet with high bytes: many shared prefixes, prefixes of others, duplicates
            bytes[i] = new byte[r.nextInt(7)];
            for (int k = 0; k < bytes[i].length; k++) bytes[i][k] = (byte) (r.nextBoolean() ? 'a' + r.nextInt(3) : 0xF0 + r.nextInt(3));
        }
        assertSortedLikeComparisonSort(bytes);
    }

    @Test
    void sortByBytesOnARealVocabulary() {
        Vocabulary v = TestVocabularies.load("ggml-vocab-qwen2.gguf");
        byte[][] bytes = new byte[v.size()][];
        for (int i = 0; i < bytes.length; i++) bytes[i] = v.bytes(i);
        assertSortedLikeComparisonSort(bytes);
    }

    private static void assertSortedLikeComparisonSort(byte[][] bytes) {
        int[] ids = IntStream.range(0, bytes.length).toArray();
        TokenTrie.sortByBytes(ids, bytes);
        List<Integer> expected = new ArrayList<>(IntStream.range(0, bytes.length).boxed().toList());
        expected.sort(Comparator.comparing((Integer i) -> bytes[i], Arrays::compareUnsigned)); // List.sort is stable
        assertThat(ids).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Every plain-text token sits in the trie at the node its bytes spell, and nowhere else. */
    @Test
    void everyTokenIsFoundAlongItsBytes() {
        Vocabulary v = TestVocabularies.load("ggml-vocab-llama-spm.gguf");
        TokenTrie t = TokenTrie.of(v);
        int found = 0;
        for (int node = 1; node < t.nodeCount(); node++) {
            for (int k = t.tokenStart[node]; k < t.tokenStart[node + 1]; k++) {
                byte[] b = t.tokenBytes[t.tokens[k]];
                assertThat(b).hasSize(t.depth[node]);
                // walk back up: the nearest earlier node of each smaller depth is the ancestor
                for (int n = node, d = t.depth[node]; d >= 1; d--) {
                    while (t.depth[n] != d) n--;
                    assertThat(t.label[n]).isEqualTo(b[d - 1]);
                    assertThat(t.subtreeEnd[n]).isGreaterThan(node);
                }
                found++;
            }
        }
        int plain = 0;
        for (int id = 0; id < v.size(); id++) if (t.tokenBytes[id] != null) plain++;
        assertThat(found).isEqualTo(plain).isGreaterThan(31_000);
    }

    /** Built once per vocabulary object, whoever asks first and however many ask at once. */
    @Test
    void builtOncePerVocabularyAndSharedAcrossThreads() throws Exception {
        Vocabulary v = TestVocabularies.load("ggml-vocab-llama-bpe.gguf");
        Callable<TokenTrie> newGrammar = () -> TokenGrammar.of(JsonGrammar.object(), v).trie;
        List<Future<TokenTrie>> tries = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 8; i++) tries.add(pool.submit(newGrammar));
        }
        TokenTrie first = tries.getFirst().get();
        for (Future<TokenTrie> f : tries) assertThat(f.get()).isSameAs(first);
        assertThat(TokenTrie.of(v)).isSameAs(first);
        assertThat(TokenTrie.of(TestVocabularies.load("ggml-vocab-qwen2.gguf"))).isNotSameAs(first);
    }
}
