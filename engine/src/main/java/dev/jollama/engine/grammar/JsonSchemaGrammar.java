package dev.jollama.engine.grammar;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schema to {@link Grammar}: the output is a JSON value, compact or with bounded whitespace, that validates
 * against the schema. Supported: type (and arrays of types), properties in declared order with required ones always
 * present and optional ones omittable, additionalProperties (absent = no extra properties when properties are given),
 * enum, const, items, prefixItems (and draft-4 tuple items/additionalItems), minItems/maxItems, minLength/maxLength,
 * pattern, format (see {@link StringFormats}), minimum/maximum/exclusiveMinimum/exclusiveMaximum, anyOf, oneOf
 * (generated as anyOf: overlapping branches are not excluded), allOf (merged), $ref into the same document with
 * $defs/definitions (recursion included), and OpenAPI's nullable. Anything else that constrains values is refused
 * with an {@link UnsupportedSchemaException} naming the keyword; annotations (title, description, examples, ...) are
 * ignored.
 */
public final class JsonSchemaGrammar {
    /** Keywords that constrain values but that we cannot generate for. */
    private static final Set<String> UNSUPPORTED = Set.of("not", "if", "then", "else", "dependentRequired",
            "dependentSchemas", "dependencies", "patternProperties", "propertyNames", "minProperties", "maxProperties",
            "contains", "minContains", "maxContains", "multipleOf", "unevaluatedProperties", "unevaluatedItems",
            "$dynamicRef", "$recursiveRef", "contentSchema");

    private final Object root;
    private final Map<String, Expr> rules = new LinkedHashMap<>();
    private final Map<String, String> refRules = new LinkedHashMap<>();
    private int allOfDepth;

    private JsonSchemaGrammar(Object root) {
        this.root = root;
    }

    /** The grammar of JSON text valid against {@code schemaJson}. */
    public static Grammar fromSchema(String schemaJson) {
        return fromSchema(Json.parse(schemaJson));
    }

    /** The grammar for a schema given as a tree of Map, List, String, Number, Boolean and null (as Jackson reads it). */
    public static Grammar fromSchema(Object schema) {
        JsonSchemaGrammar c = new JsonSchemaGrammar(schema);
        c.rules.put("root", Expr.EMPTY);
        c.rules.put("root", c.value(schema, "#"));
        JsonGrammar.blocks().forEach(c.rules::putIfAbsent);
        return new Grammar("root", c.rules);
    }

    private Expr value(Object schema, String at) {
        if (schema instanceof Boolean b) {
            if (b) return Expr.ref("value");
            throw new UnsupportedSchemaException("false", at, "the schema false admits no value");
        }
        if (!(schema instanceof Map<?, ?> raw)) throw new UnsupportedSchemaException("type", at, "a schema must be an object or a boolean");
        Map<String, Object> s = map(raw, at);
        for (String key : s.keySet()) {
            if (UNSUPPORTED.contains(key)) throw new UnsupportedSchemaException(key, at, "");
        }
        if (Boolean.TRUE.equals(s.get("uniqueItems"))) throw new UnsupportedSchemaException("uniqueItems", at, "");
        if (Boolean.TRUE.equals(s.get("nullable"))) {
            Map<String, Object> rest = new LinkedHashMap<>(s);
            rest.remove("nullable");
            return Expr.alt(value(rest, at), Expr.lit("null"));
        }
        if (s.containsKey("$ref")) {
            Expr target = ref(string(s.get("$ref"), "$ref", at), at);
            Map<String, Object> rest = constraints(s);
            rest.remove("$ref");
            if (rest.isEmpty()) return target;
            Map<String, Object> both = new LinkedHashMap<>();
            both.put("allOf", List.of(Map.of("$ref", s.get("$ref")), rest));
            return value(both, at);
        }
        if (s.containsKey("allOf")) return value(mergeAllOf(s, at), at);
        for (String key : new String[] {"anyOf", "oneOf"}) {
            if (!s.containsKey(key)) continue;
            List<Object> branches = list(s.get(key), key, at);
            Map<String, Object> rest = new LinkedHashMap<>(s);
            rest.remove(key);
            List<Expr> options = new ArrayList<>();
            for (int i = 0; i < branches.size(); i++) {
                Object branch = constraints(rest).isEmpty() ? branches.get(i) : Map.of("allOf", List.of(rest, branches.get(i)));
                options.add(value(branch, at + "/" + key + "/" + i));
            }
            if (options.isEmpty()) throw new UnsupportedSchemaException(key, at, "no alternatives");
            return Expr.alt(options);
        }
        if (s.containsKey("const")) return literal(s.get("const"), at);
        if (s.containsKey("enum")) {
            List<Object> values = list(s.get("enum"), "enum", at);
            List<Expr> options = new ArrayList<>();
            for (Object v : values) if (hasType(s, v)) options.add(literal(v, at));
            if (options.isEmpty()) throw new UnsupportedSchemaException("enum", at, "no value of the enum has the schema's type");
            return Expr.alt(options);
        }
        Object type = s.get("type");
        if (type == null) type = inferType(s);
        if (type == null) return Expr.ref("value");
        if (type instanceof List<?> types) {
            List<Expr> options = new ArrayList<>();
            for (Object t : types) options.add(typed(string(t, "type", at), s, at));
            if (options.isEmpty()) throw new UnsupportedSchemaException("type", at, "empty list of types");
            return Expr.alt(options);
        }
        return typed(string(type, "type", at), s, at);
    }

    private Expr typed(String type, Map<String, Object> s, String at) {
        return switch (type) {
            case "object" -> SchemaObjects.object(this, s, at);
            case "array" -> SchemaObjects.array(this, s, at);
            case "string" -> string(s, at);
            case "number" -> number(s, at, false);
            case "integer" -> number(s, at, true);
            case "boolean" -> Expr.ref("boolean");
            case "null" -> Expr.lit("null");
            default -> throw new UnsupportedSchemaException("type", at, "unknown type \"" + type + "\"");
        };
    }

    /** A value for a sub-schema: recursion entry for {@link SchemaObjects}. */
    Expr sub(Object schema, String at) {
        return value(schema, at);
    }

    /** Adds a named rule (name made unique and readable) and returns a reference to it. */
    Expr rule(String hint, Expr body) {
        String name = uniqueName(hint);
        rules.put(name, body);
        return Expr.ref(name);
    }

    private String uniqueName(String hint) {
        String base = hint.replaceAll("[^a-zA-Z0-9-]+", "-").replaceAll("^-+|-+$", "");
        if (base.isEmpty()) base = "schema";
        String name = base;
        for (int i = 2; rules.containsKey(name) || JsonGrammar.blocks().containsKey(name); i++) name = base + "-" + i;
        return name;
    }

    private Expr string(Map<String, Object> s, String at) {
        Integer min = count(s, "minLength", at), max = count(s, "maxLength", at);
        Object format = s.get("format");
        Object pattern = s.get("pattern");
        if (format != null && !StringFormats.supports(string(format, "format", at)))
            throw new UnsupportedSchemaException("format", at, "format \"" + format + "\" is not supported");
        if (format != null && (pattern != null || min != null || max != null))
            throw new UnsupportedSchemaException(pattern != null ? "pattern" : min != null ? "minLength" : "maxLength", at, "not supported together with format");
        if (pattern != null && (min != null || max != null))
            throw new UnsupportedSchemaException(min != null ? "minLength" : "maxLength", at, "not supported together with pattern");
        Expr content;
        if (format != null) content = StringFormats.content((String) format, rules);
        else if (pattern != null) content = RegexGrammar.jsonContent(string(pattern, "pattern", at), at);
        else if (min != null || max != null) {
            int lo = min == null ? 0 : min;
            int hi = max == null ? Expr.Repeat.UNBOUNDED : max;
            if (hi != Expr.Repeat.UNBOUNDED && hi < lo) throw new UnsupportedSchemaException("maxLength", at, "maxLength is below minLength");
            content = Expr.repeat(Expr.ref("char"), lo, hi);
        } else return Expr.ref("string");
        return Expr.seq(Expr.lit("\""), content, Expr.lit("\""));
    }

    private Expr number(Map<String, Object> s, String at, boolean integer) {
        BigDecimal min = decimal(s, "minimum", at), max = decimal(s, "maximum", at);
        boolean minExclusive = false, maxExclusive = false;
        Object exMin = s.get("exclusiveMinimum"), exMax = s.get("exclusiveMaximum");
        if (exMin instanceof Boolean b) minExclusive = b; // draft 4
        else if (exMin != null) {
            BigDecimal v = decimal(s, "exclusiveMinimum", at);
            if (min == null || v.compareTo(min) >= 0) { min = v; minExclusive = true; }
        }
        if (exMax instanceof Boolean b) maxExclusive = b;
        else if (exMax != null) {
            BigDecimal v = decimal(s, "exclusiveMaximum", at);
            if (max == null || v.compareTo(max) <= 0) { max = v; maxExclusive = true; }
        }
        if (min == null && max == null) return Expr.ref(integer ? "integer" : "number");
        Expr e = integer ? NumberRanges.integer(min, minExclusive, max, maxExclusive)
                : NumberRanges.decimal(min, minExclusive, max, maxExclusive);
        if (e == null) throw new UnsupportedSchemaException(max != null ? "maximum" : "minimum", at, "no number lies within the bounds");
        return rule(at.equals("#") ? "root-number" : at + "-number", e);
    }

    private Expr literal(Object v, String at) {
        try {
            return Expr.lit(Json.write(v));
        } catch (IllegalArgumentException e) {
            throw new UnsupportedSchemaException("const", at, e.getMessage());
        }
    }

    /** A rule for the schema a same-document $ref points at; recursion ends at the rule already being defined. */
    private Expr ref(String pointer, String at) {
        String known = refRules.get(pointer);
        if (known != null) return Expr.ref(known);
        Object target = resolve(pointer, at);
        String name = uniqueName(pointer.equals("#") ? "root-ref" : pointer.substring(pointer.lastIndexOf('/') + 1));
        refRules.put(pointer, name);
        rules.put(name, Expr.EMPTY);
        rules.put(name, value(target, pointer));
        return Expr.ref(name);
    }

    private Object resolve(String pointer, String at) {
        if (!pointer.startsWith("#")) throw new UnsupportedSchemaException("$ref", at, "only references inside the schema (#/...) are supported: " + pointer);
        Object node = root;
        if (pointer.length() > 1) {
            if (pointer.charAt(1) != '/') throw new UnsupportedSchemaException("$ref", at, "anchors are not supported: " + pointer);
            for (String part : pointer.substring(2).split("/", -1)) {
                String key = java.net.URLDecoder.decode(part.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("~1", "/").replace("~0", "~");
                if (node instanceof Map<?, ?> m && m.containsKey(key)) node = m.get(key);
                else if (node instanceof List<?> l && key.matches("\\d+") && Integer.parseInt(key) < l.size()) node = l.get(Integer.parseInt(key));
                else throw new UnsupportedSchemaException("$ref", at, "cannot resolve " + pointer);
            }
        }
        return node;
    }

    /** allOf folded into one schema: properties and required unioned, bounds tightened, types and enums intersected. */
    private Map<String, Object> mergeAllOf(Map<String, Object> s, String at) {
        if (++allOfDepth > 32) throw new UnsupportedSchemaException("allOf", at, "nested too deeply");
        try {
            Map<String, Object> merged = new LinkedHashMap<>(s);
            merged.remove("allOf");
            List<Object> parts = list(s.get("allOf"), "allOf", at);
            for (int i = 0; i < parts.size(); i++) {
                String where = at + "/allOf/" + i;
                Map<String, Object> part = inlineRef(parts.get(i), where);
                if (part.containsKey("allOf")) part = mergeAllOf(part, where);
                merged = SchemaMerge.merge(merged, part, where);
            }
            return merged;
        } finally {
            allOfDepth--;
        }
    }

    private Map<String, Object> inlineRef(Object schema, String at) {
        if (Boolean.TRUE.equals(schema)) return new LinkedHashMap<>();
        if (!(schema instanceof Map<?, ?> raw)) throw new UnsupportedSchemaException("allOf", at, "false or a non-schema in allOf");
        Map<String, Object> s = map(raw, at);
        if (!s.containsKey("$ref")) return s;
        String pointer = string(s.get("$ref"), "$ref", at);
        if (++allOfDepth > 32) throw new UnsupportedSchemaException("$ref", at, "recursive $ref inside allOf");
        try {
            Map<String, Object> target = inlineRef(resolve(pointer, at), pointer);
            Map<String, Object> rest = new LinkedHashMap<>(s);
            rest.remove("$ref");
            return SchemaMerge.merge(target, rest, at);
        } finally {
            allOfDepth--;
        }
    }

    /** The keywords of {@code s} that constrain values (annotations dropped). */
    private static Map<String, Object> constraints(Map<String, Object> s) {
        Map<String, Object> out = new LinkedHashMap<>(s);
        out.keySet().removeAll(SchemaMerge.ANNOTATIONS);
        return out;
    }

    private static Object inferType(Map<String, Object> s) {
        if (s.containsKey("properties") || s.containsKey("additionalProperties") || s.containsKey("required")) return "object";
        if (s.containsKey("items") || s.containsKey("prefixItems") || s.containsKey("minItems") || s.containsKey("maxItems")) return "array";
        if (s.containsKey("minLength") || s.containsKey("maxLength") || s.containsKey("pattern") || s.containsKey("format")) return "string";
        if (s.containsKey("minimum") || s.containsKey("maximum") || s.containsKey("exclusiveMinimum") || s.containsKey("exclusiveMaximum")) return "number";
        return null;
    }

    /** Whether an enum value fits the schema's declared type (enum values of other types are dropped). */
    private static boolean hasType(Map<String, Object> s, Object v) {
        Object type = s.get("type");
        if (type == null) return true;
        List<?> types = type instanceof List<?> l ? l : List.of(type);
        for (Object t : types) {
            boolean ok = switch (String.valueOf(t)) {
                case "string" -> v instanceof String;
                case "integer" -> v instanceof Number n && new BigDecimal(n.toString()).stripTrailingZeros().scale() <= 0;
                case "number" -> v instanceof Number;
                case "boolean" -> v instanceof Boolean;
                case "null" -> v == null;
                case "object" -> v instanceof Map;
                case "array" -> v instanceof List;
                default -> false;
            };
            if (ok) return true;
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<?, ?> raw, String at) {
        for (Object k : raw.keySet()) if (!(k instanceof String)) throw new UnsupportedSchemaException(String.valueOf(k), at, "schema keys must be strings");
        return (Map<String, Object>) raw;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object v, String keyword, String at) {
        if (v instanceof List<?> l) return (List<Object>) l;
        throw new UnsupportedSchemaException(keyword, at, "expected an array");
    }

    static String string(Object v, String keyword, String at) {
        if (v instanceof String s) return s;
        throw new UnsupportedSchemaException(keyword, at, "expected a string");
    }

    static Integer count(Map<String, Object> s, String keyword, String at) {
        Object v = s.get(keyword);
        if (v == null) return null;
        BigDecimal d = v instanceof Number n ? new BigDecimal(n.toString()) : null;
        if (d == null || d.signum() < 0 || d.stripTrailingZeros().scale() > 0 || d.compareTo(BigDecimal.valueOf(100_000)) > 0)
            throw new UnsupportedSchemaException(keyword, at, "expected a non-negative integer up to 100000");
        return d.intValue();
    }

    static BigDecimal decimal(Map<String, Object> s, String keyword, String at) {
        Object v = s.get(keyword);
        if (v == null) return null;
        if (v instanceof Number n) {
            try {
                return new BigDecimal(n.toString());
            } catch (NumberFormatException e) {
                // NaN or infinity below
            }
        }
        throw new UnsupportedSchemaException(keyword, at, "expected a number");
    }

    static Set<String> names(Map<String, Object> properties) {
        return new LinkedHashSet<>(properties.keySet());
    }
}
