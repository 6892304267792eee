package dev.jollama.engine.grammar;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Folds two schemas into one that admits what both admit, for allOf. Refuses what it cannot intersect. */
final class SchemaMerge {
    /** Keywords that do not constrain values. */
    static final Set<String> ANNOTATIONS = Set.of("title", "description", "default", "examples", "$schema", "$id",
            "$comment", "deprecated", "readOnly", "writeOnly", "$defs", "definitions", "$anchor", "contentMediaType",
            "contentEncoding", "discriminator", "example", "xml", "externalDocs");

    private SchemaMerge() {}

    static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b, String at) {
        Map<String, Object> out = new LinkedHashMap<>(a);
        for (Map.Entry<String, Object> e : b.entrySet()) {
            String key = e.getKey();
            Object y = e.getValue();
            if (!out.containsKey(key) || ANNOTATIONS.contains(key)) {
                out.putIfAbsent(key, y);
                continue;
            }
            Object x = out.get(key);
            if (Json.write(x).equals(Json.write(y))) continue;
            out.put(key, switch (key) {
                case "properties" -> properties(x, y, at);
                case "required" -> {
                    Set<Object> both = new LinkedHashSet<>(JsonSchemaGrammar.list(x, key, at));
                    both.addAll(JsonSchemaGrammar.list(y, key, at));
                    yield new ArrayList<>(both);
                }
                case "type" -> types(x, y, at);
                case "minimum", "exclusiveMinimum", "minLength", "minItems" -> bound(x, y, key, at, true);
                case "maximum", "exclusiveMaximum", "maxLength", "maxItems" -> bound(x, y, key, at, false);
                case "enum" -> {
                    List<Object> common = new ArrayList<>();
                    Set<String> other = new LinkedHashSet<>();
                    for (Object v : JsonSchemaGrammar.list(y, key, at)) other.add(Json.write(v));
                    for (Object v : JsonSchemaGrammar.list(x, key, at)) if (other.contains(Json.write(v))) common.add(v);
                    if (common.isEmpty()) throw new UnsupportedSchemaException("enum", at, "allOf leaves no enum value");
                    yield common;
                }
                case "additionalProperties", "items" -> Boolean.FALSE.equals(x) || Boolean.FALSE.equals(y) ? Boolean.FALSE
                        : Boolean.TRUE.equals(x) ? y : Boolean.TRUE.equals(y) ? x : Map.of("allOf", List.of(x, y));
                case "anyOf", "oneOf" -> throwUnsupported(key, at, "two " + key + " in one allOf");
                default -> throwUnsupported(key, at, "allOf with conflicting values");
            });
        }
        return out;
    }

    private static Object throwUnsupported(String key, String at, String detail) {
        throw new UnsupportedSchemaException(key, at, detail);
    }

    private static Object properties(Object x, Object y, String at) {
        if (!(x instanceof Map<?, ?> mx) || !(y instanceof Map<?, ?> my)) throw new UnsupportedSchemaException("properties", at, "expected an object");
        Map<String, Object> out = new LinkedHashMap<>(JsonSchemaGrammar.map(mx, at));
        for (Map.Entry<String, Object> e : JsonSchemaGrammar.map(my, at).entrySet()) {
            Object prev = out.get(e.getKey());
            out.put(e.getKey(), prev == null ? e.getValue() : Map.of("allOf", List.of(prev, e.getValue())));
        }
        return out;
    }

    private static Object types(Object x, Object y, String at) {
        List<Object> xs = x instanceof List<?> l ? new ArrayList<>(l) : List.of(x);
        List<Object> ys = y instanceof List<?> l ? new ArrayList<>(l) : List.of(y);
        List<Object> common = new ArrayList<>();
        for (Object t : xs) {
            if (ys.contains(t)) common.add(t);
            else if ("number".equals(t) && ys.contains("integer") || "integer".equals(t) && ys.contains("number")) common.add("integer");
        }
        if (common.isEmpty()) throw new UnsupportedSchemaException("type", at, "allOf leaves no type");
        return common.size() == 1 ? common.getFirst() : common;
    }

    private static Object bound(Object x, Object y, String key, String at, boolean lower) {
        if (x instanceof Boolean || y instanceof Boolean) return throwUnsupported(key, at, "allOf with draft-4 boolean exclusive bounds");
        if (!(x instanceof Number nx) || !(y instanceof Number ny)) return throwUnsupported(key, at, "expected a number");
        int c = new BigDecimal(nx.toString()).compareTo(new BigDecimal(ny.toString()));
        return lower == c >= 0 ? x : y;
    }
}
