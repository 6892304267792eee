package dev.jollama.engine.grammar;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A context-free grammar over Unicode code points: named rules, each an {@link Expr}, and the root rule the whole
 * output must match. Write one in GBNF text ({@link #parse}), build one from a JSON Schema ({@link JsonSchemaGrammar}),
 * or take JSON mode's ({@link JsonGrammar#object()}); then {@link CompiledGrammar#compile} it and bind it to a
 * vocabulary with {@link TokenGrammar} to get per-sequence {@link GrammarMatcher}s.
 */
public record Grammar(String root, Map<String, Expr> rules) {
    public Grammar {
        rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
        if (!rules.containsKey(root)) throw new GrammarException("no rule named " + root);
    }

    /** Parses GBNF text (llama.cpp's grammar format); the root rule is {@code root}. */
    public static Grammar parse(String gbnf) {
        return new Grammar("root", GbnfParser.parse(gbnf));
    }

    /** This grammar in GBNF text, root rule first, readable by {@link #parse} when the root is named "root". */
    public String toGbnf() {
        return GbnfWriter.write(this);
    }

    @Override public String toString() {
        return toGbnf();
    }
}
