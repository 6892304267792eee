package dev.jollama.engine.grammar;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.jollama.engine.grammar.Expr.alt;
import static dev.jollama.engine.grammar.Expr.lit;
import static dev.jollama.engine.grammar.Expr.opt;
import static dev.jollama.engine.grammar.Expr.ref;
import static dev.jollama.engine.grammar.Expr.seq;

/** Object and array schemas as grammar rules, for {@link JsonSchemaGrammar}. */
final class SchemaObjects {
    private static final Expr WS = ref("ws");
    /** Characters of generated extra property names: JSON string characters that need no escape. */
    private static final Expr.CharClass PLAIN = Expr.CharClass.ANY.minus(Expr.CharClass.of(0, 0x1F).union(Expr.CharClass.chars("\"\\")));

    private SchemaObjects() {}

    private record Member(String name, Expr pair, boolean required) {}

    /**
     * Declared properties in their order, required ones always and optional ones maybe, then extra properties if
     * additionalProperties allows them (their names differ from every declared one).
     */
    static Expr object(JsonSchemaGrammar c, Map<String, Object> s, String at) {
        Map<String, Object> props = s.get("properties") == null ? Map.of()
                : JsonSchemaGrammar.map(asMap(s.get("properties"), "properties", at), at);
        List<String> required = new ArrayList<>();
        if (s.get("required") != null) for (Object r : JsonSchemaGrammar.list(s.get("required"), "required", at))
            required.add(JsonSchemaGrammar.string(r, "required", at));
        Object additional = s.get("additionalProperties");
        if (props.isEmpty() && required.isEmpty() && (additional == null || Boolean.TRUE.equals(additional))) return ref("object");

        Object extraSchema = additional == null ? (props.isEmpty() ? Boolean.TRUE : null)
                : Boolean.FALSE.equals(additional) ? null : additional;
        List<Member> members = new ArrayList<>();
        for (Map.Entry<String, Object> p : props.entrySet()) {
            Expr v = c.sub(p.getValue(), at + "/properties/" + pointerEscape(p.getKey()));
            members.add(new Member(p.getKey(), pair(p.getKey(), v), required.contains(p.getKey())));
        }
        for (String name : required) {
            if (props.containsKey(name)) continue;
            if (extraSchema == null) throw new UnsupportedSchemaException("required", at, "\"" + name + "\" is required but additionalProperties forbids it");
            members.add(new Member(name, pair(name, c.sub(extraSchema, at + "/additionalProperties")), true));
        }
        Expr extra = null;
        if (extraSchema != null) {
            Set<String> taken = new java.util.LinkedHashSet<>();
            members.forEach(m -> taken.add(m.name));
            Expr extraValue = c.sub(extraSchema, at + "/additionalProperties");
            extra = c.rule(hint(at) + "-extra", seq(keyNotIn(taken), WS, lit(":"), WS, extraValue));
        }
        boolean anyOptional = members.stream().anyMatch(m -> !m.required) || extra != null;
        String hint = hint(at);
        int n = members.size();
        Expr[] after = new Expr[n + 1]; // the rest once something was written: each item starts with a comma
        after[n] = extra == null ? Expr.EMPTY : Expr.star(seq(lit(","), WS, extra, WS));
        for (int i = n - 1; i >= 0; i--) {
            Expr item = seq(lit(","), WS, members.get(i).pair, WS);
            Expr body = seq(members.get(i).required ? item : opt(item), after[i + 1]);
            after[i] = anyOptional ? c.rule(hint + "-after-" + members.get(i).name, body) : body;
        }
        Expr from = extra == null ? Expr.EMPTY : opt(seq(extra, WS, after[n])); // the rest when nothing was written yet
        for (int i = n - 1; i >= 0; i--) {
            Member m = members.get(i);
            Expr first = seq(m.pair, WS, after[i + 1]);
            from = m.required ? first : c.rule(hint + "-from-" + m.name, alt(first, from));
        }
        return c.rule(hint, seq(lit("{"), WS, from, lit("}")));
    }

    private static Expr pair(String name, Expr value) {
        StringBuilder key = new StringBuilder();
        Json.quote(key, name);
        return seq(lit(key.toString()), WS, lit(":"), WS, value);
    }

    /** A JSON string (without escapes) whose text is none of {@code names}. */
    static Expr keyNotIn(Set<String> names) {
        if (names.isEmpty()) return ref("string");
        Trie trie = new Trie();
        for (String name : names) {
            Trie t = trie;
            for (int cp : name.codePoints().toArray()) t = t.children.computeIfAbsent(cp, k -> new Trie());
            t.isName = true;
        }
        return seq(lit("\""), trie.notIn());
    }

    private static final class Trie {
        final TreeMap<Integer, Trie> children = new TreeMap<>();
        boolean isName;

        /** The rest of the key after this prefix, through the closing quote. */
        Expr notIn() {
            List<Expr> options = new ArrayList<>();
            if (!isName) options.add(lit("\""));
            Expr.CharClass others = PLAIN;
            for (Map.Entry<Integer, Trie> e : children.entrySet()) {
                int cp = e.getKey();
                options.add(seq(RegexGrammar.jsonChar(Expr.CharClass.of(cp, cp)), e.getValue().notIn()));
                if (others != null) others = others.minus(Expr.CharClass.of(cp, cp));
            }
            if (others != null) options.add(seq(others, Expr.star(PLAIN), lit("\"")));
            return alt(options);
        }
    }

    /** prefixItems (or draft-4 tuple items) first, then items per {@code items}/additionalItems within min/maxItems. */
    static Expr array(JsonSchemaGrammar c, Map<String, Object> s, String at) {
        List<Object> prefix = List.of();
        Object rest = s.get("items");
        String restAt = at + "/items";
        if (s.get("prefixItems") != null) {
            prefix = JsonSchemaGrammar.list(s.get("prefixItems"), "prefixItems", at);
        } else if (rest instanceof List<?>) {
            prefix = JsonSchemaGrammar.list(rest, "items", at);
            rest = s.get("additionalItems");
            restAt = at + "/additionalItems";
        }
        Integer minItems = JsonSchemaGrammar.count(s, "minItems", at), maxItems = JsonSchemaGrammar.count(s, "maxItems", at);
        int min = minItems == null ? 0 : minItems;
        int max = maxItems == null ? Expr.Repeat.UNBOUNDED : maxItems;
        if (max != Expr.Repeat.UNBOUNDED && max < min) throw new UnsupportedSchemaException("maxItems", at, "maxItems is below minItems");
        int k = max == Expr.Repeat.UNBOUNDED ? prefix.size() : Math.min(prefix.size(), max);
        int extraMin = Math.max(0, min - k);
        int extraMax = max == Expr.Repeat.UNBOUNDED ? Expr.Repeat.UNBOUNDED : max - k;
        if (rest == null && !prefix.isEmpty()) extraMax = extraMin; // extra items are allowed, but only needed ones are made
        if (Boolean.FALSE.equals(rest)) {
            if (extraMin > 0) throw new UnsupportedSchemaException("minItems", at, "more items required than the tuple allows");
            extraMax = 0;
        }
        String hint = hint(at);
        Expr item = extraMax == 0 ? null : c.rule(hint + "-item", c.sub(rest == null ? Boolean.TRUE : rest, restAt));
        List<Expr> body = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            if (i > 0) body.add(lit(","));
            if (i > 0) body.add(WS);
            body.add(c.sub(prefix.get(i), at + "/prefixItems/" + i));
            body.add(WS);
        }
        if (item != null) {
            Expr more = seq(lit(","), WS, item, WS);
            int upper = extraMax == Expr.Repeat.UNBOUNDED ? Expr.Repeat.UNBOUNDED : extraMax;
            if (k > 0) body.add(Expr.repeat(more, extraMin, upper));
            else if (extraMin == 0) body.add(opt(seq(item, WS, Expr.repeat(more, 0, minusOne(upper)))));
            else body.add(seq(item, WS, Expr.repeat(more, extraMin - 1, minusOne(upper))));
        }
        return c.rule(hint, seq(lit("["), WS, seq(body), lit("]")));
    }

    private static int minusOne(int bound) {
        return bound == Expr.Repeat.UNBOUNDED ? bound : bound - 1;
    }

    private static Map<?, ?> asMap(Object v, String keyword, String at) {
        if (v instanceof Map<?, ?> m) return m;
        throw new UnsupportedSchemaException(keyword, at, "expected an object");
    }

    private static String pointerEscape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** A readable rule name for the schema at a JSON pointer: its last name-like segments. */
    static String hint(String at) {
        if (at.equals("#")) return "root";
        List<String> parts = new ArrayList<>(List.of(at.substring(2).split("/")));
        parts.removeIf(p -> p.equals("properties") || p.equals("$defs") || p.equals("definitions"));
        int from = Math.max(0, parts.size() - 2);
        return String.join("-", parts.subList(from, parts.size()));
    }
}
