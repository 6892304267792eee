package dev.jollama.engine.tokenizer.pre;

import dev.jollama.engine.tokenizer.IntList;

import java.util.List;
import java.util.Set;

/**
 * A byte-level BPE pre-tokenizer as llama.cpp defines one for a {@code tokenizer.ggml.pre} name: the splitters applied
 * one after the other (each cuts every piece the previous ones left), and the options that go with the name.
 */
public record PreTokenizer(String name, List<Splitter> splitters, Set<Option> options) {

    public enum Option {
        /** A word that is a token as a whole is taken as it is, without merging. */
        IGNORE_MERGES,
        /** Detokenization keeps spaces before punctuation (clean_up_tokenization_spaces off). */
        KEEP_SPACES,
        /** BOS is added unless the metadata says otherwise. */
        ADD_BOS,
        /** SEP is added unless the metadata says otherwise. */
        ADD_SEP,
        /** There is no default BOS token. */
        NO_DEFAULT_BOS,
        /** Token texts are plain UTF-8 (with "▁" for spaces when ESCAPE_SPACES), byte fallback "&lt;0xXX&gt;". */
        RAW_UTF8,
        /** Spaces are written "▁" before tokenizing. */
        ESCAPE_SPACES,
        /** BOS is always added, whatever the metadata says (Gemma 4). */
        FORCE_BOS,
        /** Only a word of newlines that is a token as a whole skips merging (Gemma 4). */
        NEWLINE_WORDS,
    }

    public PreTokenizer {
        splitters = List.copyOf(splitters);
        options = Set.copyOf(options);
    }

    public boolean has(Option option) {
        return options.contains(option);
    }

    /** The end offsets of the words of {@code cps}, in order. */
    public int[] split(int[] cps) {
        IntList ends = new IntList(cps.length / 3 + 4);
        if (cps.length == 0) return ends.toArray();
        ends.add(cps.length);
        for (Splitter splitter : splitters) {
            IntList next = new IntList(ends.size() * 2 + 4);
            int start = 0;
            for (int i = 0; i < ends.size(); i++) {
                int end = ends.get(i);
                splitter.split(cps, start, end, next);
                start = end;
            }
            ends = next;
        }
        return ends.toArray();
    }
}
