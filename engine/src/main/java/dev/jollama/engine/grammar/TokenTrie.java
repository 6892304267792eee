package dev.jollama.engine.grammar;

import dev.jollama.engine.tokenizer.TokenType;
import dev.jollama.engine.tokenizer.Vocabulary;

import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The prefix tree of a vocabulary's token bytes, laid out in depth-first order in flat arrays: node {@code i} has a
 * byte label and a depth, its subtree is nodes {@code i+1 .. subtreeEnd[i]-1}, and the tokens whose bytes end there
 * are {@code tokens[tokenStart[i] .. tokenStart[i+1]-1]}. A mask walks it as a linear scan that skips whole subtrees
 * the grammar rejects. Only plain-text tokens are in it: special, unknown, unused and end-of-generation tokens are
 * never produced by a grammar (end-of-generation is allowed separately when the grammar can end).
 */
final class TokenTrie {
    private static final Map<Vocabulary, TokenTrie> CACHE = new WeakHashMap<>();

    final int vocabularySize;
    final byte[] label;
    final int[] depth;
    final int[] subtreeEnd;
    final int[] tokenStart;
    final int[] tokens;
    final int maxDepth;
    /** The bytes of every token, null for tokens outside the trie. */
    final byte[][] tokenBytes;
    final int[] endOfGeneration;

    private TokenTrie(Vocabulary vocabulary) {
        vocabularySize = vocabulary.size();
        tokenBytes = new byte[vocabularySize][];
        int[] eog = new int[vocabularySize];
        int[] ids = new int[vocabularySize];
        int neog = 0, nids = 0;
        for (int id = 0; id < vocabularySize; id++) {
            if (vocabulary.isEndOfGeneration(id)) { eog[neog++] = id; continue; }
            TokenType type = vocabulary.type(id);
            if (vocabulary.isSpecial(id) || type == TokenType.UNKNOWN || type == TokenType.UNUSED) continue;
            byte[] bytes = vocabulary.bytes(id);
            if (bytes == null || bytes.length == 0) continue;
            tokenBytes[id] = bytes;
            ids[nids++] = id;
        }
        endOfGeneration = Arrays.copyOf(eog, neog);
        ids = Arrays.copyOf(ids, nids);
        sortByBytes(ids, tokenBytes);

        int capacity = 1;
        for (int id : ids) capacity += tokenBytes[id].length;
        byte[] lab = new byte[capacity];
        int[] dep = new int[capacity];
        int[] end = new int[capacity];
        int[] start = new int[capacity + 1];
        int[] toks = new int[ids.length];
        int[] open = new int[256]; // node index open at each depth
        int nodes = 1, ntok = 0, deepest = 0;
        byte[] prev = new byte[0];
        for (int id : ids) {
            byte[] b = tokenBytes[id];
            int common = Arrays.mismatch(prev, b);
            if (common < 0) common = b.length; // same bytes as the previous token: same node
            for (int d = common + 1; d <= prev.length; d++) end[open[d]] = nodes;
            for (int d = common; d < b.length; d++) {
                if (d + 1 >= open.length) open = Arrays.copyOf(open, open.length * 2);
                lab[nodes] = b[d];
                dep[nodes] = d + 1;
                start[nodes] = ntok;
                open[d + 1] = nodes++;
            }
            toks[ntok++] = id;
            deepest = Math.max(deepest, b.length);
            prev = b;
        }
        for (int d = 1; d <= prev.length; d++) end[open[d]] = nodes;
        end[0] = nodes;
        start[nodes] = ntok;
        // a node without tokens of its own starts where the next node's tokens start
        for (int i = nodes - 1; i >= 1; i--) if (start[i] > start[i + 1]) start[i] = start[i + 1];
        label = Arrays.copyOf(lab, nodes);
        depth = Arrays.copyOf(dep, nodes);
        subtreeEnd = Arrays.copyOf(end, nodes);
        tokenStart = Arrays.copyOf(start, nodes + 1);
        tokens = toks;
        maxDepth = deepest;
    }

    /**
     * Sorts token ids by their bytes (unsigned, a prefix before its extensions, equal bytes by id): an MSD radix sort
     * over primitive arrays, with insertion sort for small ranges. A comparison sort of boxed ids took most of the
     * build time (about a second cold for 128k tokens); this is linear in the vocabulary's bytes.
     */
    static void sortByBytes(int[] ids, byte[][] bytes) {
        sortByBytes(ids, new int[ids.length], 0, ids.length, 0, bytes);
    }

    /** Sorts {@code ids[from, to)}, whose bytes all share their first {@code depth} bytes. */
    private static void sortByBytes(int[] ids, int[] scratch, int from, int to, int depth, byte[][] bytes) {
        if (to - from <= 32) {
            for (int i = from + 1; i < to; i++) {
                int id = ids[i];
                byte[] b = bytes[id];
                int j = i - 1;
                while (j >= from && Arrays.compareUnsigned(bytes[ids[j]], depth, bytes[ids[j]].length, b, depth, b.length) > 0) {
                    ids[j + 1] = ids[j];
                    j--;
                }
                ids[j + 1] = id;
            }
            return;
        }
        int[] start = new int[258]; // bucket 0: tokens that end at this depth; bucket 1 + b: next byte b
        for (int i = from; i < to; i++) start[bucket(bytes[ids[i]], depth) + 1]++;
        for (int k = 1; k < start.length; k++) start[k] += start[k - 1];
        int[] fill = Arrays.copyOf(start, 257);
        for (int i = from; i < to; i++) scratch[from + fill[bucket(bytes[ids[i]], depth)]++] = ids[i];
        System.arraycopy(scratch, from, ids, from, to - from);
        for (int k = 1; k < 257; k++) {
            if (start[k + 1] - start[k] > 1) sortByBytes(ids, scratch, from + start[k], from + start[k + 1], depth + 1, bytes);
        }
    }

    private static int bucket(byte[] b, int depth) {
        return depth < b.length ? 1 + (b[depth] & 0xFF) : 0;
    }

    /** The trie of {@code vocabulary}, built once per vocabulary object. */
    static TokenTrie of(Vocabulary vocabulary) {
        synchronized (CACHE) {
            return CACHE.computeIfAbsent(vocabulary, TokenTrie::new);
        }
    }

    int nodeCount() {
        return label.length;
    }

    boolean isEndOfGeneration(int id) {
        for (int e : endOfGeneration) if (e == id) return true;
        return false;
    }
}
