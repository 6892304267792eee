package dev.jollama.server.template.jinja;

import dev.jollama.server.template.jinja.JinjaInterpreter.Scope;
import dev.jollama.server.template.jinja.JinjaNode.Call;
import dev.jollama.server.template.jinja.JinjaNode.Identifier;
import dev.jollama.server.template.jinja.JinjaNode.Literal;
import dev.jollama.server.template.jinja.JinjaValues.Kwargs;
import dev.jollama.server.template.jinja.JinjaValues.Namespace;
import dev.jollama.server.template.jinja.JinjaValues.Undefined;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.jollama.server.template.jinja.JinjaValues.UNDEFINED;
import static dev.jollama.server.template.jinja.JinjaValues.typeName;

/**
 * Filters, by operand type as the reference dispatches them, plus what real templates use beyond it:
 * {@code min}/{@code max}, {@code string} of a mapping (Python's str), {@code length} of undefined (0).
 */
final class JinjaFilters {

    private final JinjaInterpreter interpreter;

    JinjaFilters(JinjaInterpreter interpreter) {
        this.interpreter = interpreter;
    }

    Object apply(Object operand, JinjaNode filter, Scope scope) {
        if (filter instanceof Identifier id) {
            return simple(operand, id.name());
        }
        Call call = (Call) filter;
        if (!(call.callee() instanceof Identifier id)) {
            throw new JinjaException("Unknown filter: " + call.callee().getClass().getSimpleName());
        }
        return withArgs(operand, id.name(), call, scope);
    }

    private Object simple(Object operand, String name) {
        if (name.equals("safe")) {
            return operand;
        }
        if (name.equals("tojson")) {
            return JinjaJson.write(operand, JinjaJson.Options.DEFAULT, true);
        }
        switch (operand) {
            case List<?> list -> {
                return switch (name) {
                    case "list" -> operand;
                    case "first" -> list.isEmpty() ? UNDEFINED : list.getFirst();
                    case "last" -> list.isEmpty() ? UNDEFINED : list.getLast();
                    case "length", "count" -> (long) list.size();
                    case "reverse" -> {
                        List<Object> r = new ArrayList<>(list);
                        Collections.reverse(r);
                        yield r;
                    }
                    case "sort" -> sorted(list, false, false, null);
                    case "join" -> join(list, "");
                    case "string" -> JinjaJson.write(operand, JinjaJson.Options.DEFAULT, false);
                    case "unique" -> unique(list);
                    case "min", "max" -> list.isEmpty() ? UNDEFINED
                            : list.stream().map(x -> (Object) x).reduce((a, b) -> (compare(a, b, false) <= 0) == name.equals("min") ? a : b).get();
                    case "items" -> operand;
                    default -> throw new JinjaException("Unknown ArrayValue filter: " + name);
                };
            }
            case String s -> {
                return switch (name) {
                    case "length", "count" -> (long) s.length();
                    case "upper" -> s.toUpperCase(java.util.Locale.ROOT);
                    case "lower" -> s.toLowerCase(java.util.Locale.ROOT);
                    case "title" -> JinjaMethods.title(s);
                    case "capitalize" -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + s.substring(1);
                    case "trim" -> JsStrings.trim(s);
                    case "indent" -> indent(s, 4, false, false);
                    case "join", "string", "e", "escape" -> s;
                    case "int" -> parseInt(s, 0L);
                    case "float" -> parseFloat(s, 0.0);
                    case "list" -> {
                        List<Object> chars = new ArrayList<>();
                        s.codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
                        yield chars;
                    }
                    default -> throw new JinjaException("Unknown StringValue filter: " + name);
                };
            }
            case Long l -> {
                return switch (name) {
                    case "abs" -> Math.abs(l);
                    case "int" -> l;
                    case "float" -> l.doubleValue();
                    case "string" -> JinjaValues.print(l);
                    default -> throw new JinjaException("Unknown NumericValue filter: " + name);
                };
            }
            case Double d -> {
                return switch (name) {
                    case "abs" -> Math.abs(d);
                    case "int" -> (long) Math.floor(d);
                    case "float" -> d;
                    case "string" -> JinjaValues.print(d);
                    default -> throw new JinjaException("Unknown NumericValue filter: " + name);
                };
            }
            case Boolean b -> {
                return switch (name) {
                    case "bool" -> b;
                    case "int" -> b ? 1L : 0L;
                    case "float" -> b ? 1.0 : 0.0;
                    case "string" -> b.toString();
                    default -> throw new JinjaException("Unknown BooleanValue filter: " + name);
                };
            }
            default -> {
            }
        }
        if (JinjaValues.isMapping(operand)) {
            Map<String, Object> map = JinjaMethods.cast(operand);
            return switch (name) {
                case "items" -> JinjaMethods.items(map);
                case "length", "count" -> (long) map.size();
                case "string" -> PyRepr.repr(operand);
                case "list" -> new ArrayList<Object>(map.keySet());
                default -> {
                    if (JinjaMethods.dictMethod(map, name) instanceof JinjaValues.Fn fn) {
                        yield fn.call(List.of(), null);
                    }
                    throw new JinjaException("Unknown ObjectValue filter: " + name);
                }
            };
        }
        if (operand instanceof Undefined && (name.equals("length") || name.equals("count"))) {
            return 0L;
        }
        if ((operand == null || operand instanceof Undefined) && name.equals("string")) {
            return operand == null ? "None" : "";
        }
        throw new JinjaException("Cannot apply filter \"" + name + "\" to type: " + typeName(operand));
    }

    private Object withArgs(Object operand, String name, Call call, Scope scope) {
        switch (name) {
            case "tojson": {
                Map<String, Object> kw = keywords(interpreter.arguments(call.args(), scope));
                Object indent = kw.getOrDefault("indent", null);
                if (!(indent == null || indent instanceof Long)) {
                    throw new JinjaException("If set, indent must be a number");
                }
                Object ensureAscii = kw.getOrDefault("ensure_ascii", false);
                Object sortKeys = kw.getOrDefault("sort_keys", false);
                if (!(ensureAscii instanceof Boolean) || !(sortKeys instanceof Boolean)) {
                    throw new JinjaException("If set, ensure_ascii and sort_keys must be booleans");
                }
                String items = null, keys = null;
                Object separators = kw.getOrDefault("separators", null);
                if (separators instanceof List<?> l && l.size() == 2 && l.get(0) instanceof String a && l.get(1) instanceof String b) {
                    items = a;
                    keys = b;
                } else if (separators != null) {
                    throw new JinjaException("separators must be a tuple of two strings");
                }
                Integer in = indent == null ? null : ((Long) indent).intValue();
                return JinjaJson.write(operand, new JinjaJson.Options(in, (Boolean) ensureAscii, items, keys, (Boolean) sortKeys), true);
            }
            case "join": {
                List<Object> args = interpreter.arguments(call.args(), scope);
                Object sep = positional(args, 0);
                if (sep == null) {
                    sep = keywords(args).getOrDefault("separator", "");
                }
                if (!(sep instanceof String separator)) {
                    throw new JinjaException("separator must be a string");
                }
                if (operand instanceof String s) {
                    List<Object> chars = new ArrayList<>();
                    s.codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
                    return join(chars, separator);
                }
                if (operand instanceof List<?> l) {
                    return join(l, separator);
                }
                throw new JinjaException("Cannot apply filter \"join\" to type: " + typeName(operand));
            }
            case "int":
            case "float": {
                List<Object> args = interpreter.arguments(call.args(), scope);
                Object dflt = positional(args, 0);
                if (dflt == null) {
                    dflt = keywords(args).getOrDefault("default", name.equals("int") ? (Object) 0L : (Object) 0.0);
                }
                return switch (operand) {
                    case String s -> name.equals("int") ? parseInt(s, dflt) : parseFloat(s, dflt);
                    case Long l -> operand;
                    case Double d -> operand;
                    case Boolean b -> name.equals("int") ? (Object) (b ? 1L : 0L) : (Object) (b ? 1.0 : 0.0);
                    default -> throw new JinjaException("Cannot apply filter \"" + name + "\" to type: " + typeName(operand));
                };
            }
            case "default":
            case "d": {
                List<Object> args = interpreter.arguments(call.args(), scope);
                Object dflt = args.isEmpty() || args.getFirst() instanceof Kwargs ? "" : args.getFirst();
                Object bool = positional(args, 1);
                if (bool == null) {
                    bool = keywords(args).getOrDefault("boolean", false);
                }
                if (!(bool instanceof Boolean b)) {
                    throw new JinjaException("`default` filter flag must be a boolean");
                }
                return operand instanceof Undefined || (b && !JinjaValues.truthy(operand)) ? dflt : operand;
            }
            default:
                break;
        }
        if (operand instanceof List<?> list) {
            return listFilter(list, name, call, scope);
        }
        if (operand instanceof String s) {
            List<Object> args = interpreter.arguments(call.args(), scope);
            return switch (name) {
                case "indent" -> {
                    Map<String, Object> kw = keywords(args);
                    Object width = positional(args, 0) != null ? positional(args, 0) : kw.getOrDefault("width", 4L);
                    Object first = positional(args, 1) != null ? positional(args, 1) : kw.getOrDefault("first", false);
                    Object blank = positional(args, 2) != null ? positional(args, 2) : kw.getOrDefault("blank", false);
                    String unit = width instanceof Long w ? " ".repeat(w.intValue()) : width instanceof String ws ? ws : null;
                    if (unit == null) {
                        throw new JinjaException("width must be a number");
                    }
                    yield indent(s, unit, JinjaValues.truthy(first), JinjaValues.truthy(blank));
                }
                case "replace" -> ((JinjaValues.Fn) JinjaMethods.member(s, "replace")).call(args, scope);
                default -> throw new JinjaException("Unknown StringValue filter: " + name);
            };
        }
        if (JinjaValues.isMapping(operand)) {
            if (JinjaMethods.dictMethod(JinjaMethods.cast(operand), name) instanceof JinjaValues.Fn fn) {
                return fn.call(interpreter.arguments(call.args(), scope), scope);
            }
            throw new JinjaException("Unknown ObjectValue filter: " + name);
        }
        if ((operand instanceof Undefined || operand == null)
                && (name.equals("selectattr") || name.equals("rejectattr") || name.equals("map"))) {
            return new ArrayList<>(); // Python's Jinja selects from nothing; the reference raises
        }
        throw new JinjaException("Cannot apply filter \"" + name + "\" to type: " + typeName(operand));
    }

    private Object listFilter(List<?> list, String name, Call call, Scope scope) {
        switch (name) {
            case "sort": {
                List<Object> args = interpreter.arguments(call.args(), scope);
                Map<String, Object> kw = keywords(args);
                Object reverse = positional(args, 0) != null ? positional(args, 0) : kw.getOrDefault("reverse", false);
                Object caseSensitive = positional(args, 1) != null ? positional(args, 1) : kw.getOrDefault("case_sensitive", false);
                Object attribute = positional(args, 2) != null ? positional(args, 2) : kw.getOrDefault("attribute", null);
                return sorted(list, (Boolean) reverse, (Boolean) caseSensitive, attribute == null ? null : JinjaValues.raw(attribute));
            }
            case "selectattr":
            case "rejectattr": {
                boolean select = name.equals("selectattr");
                for (Object item : list) {
                    if (!JinjaValues.isMapping(item) && !(item instanceof Namespace)) {
                        throw new JinjaException("`" + name + "` can only be applied to array of objects");
                    }
                }
                if (call.args().stream().anyMatch(a -> !(a instanceof Literal l && l.value() instanceof String))) {
                    throw new JinjaException("arguments of `" + name + "` must be strings");
                }
                List<Object> args = interpreter.arguments(call.args(), scope);
                String attr = (String) args.get(0);
                String test = args.size() > 1 ? (String) args.get(1) : null;
                Object value = args.size() > 2 ? args.get(2) : UNDEFINED;
                List<Object> out = new ArrayList<>();
                for (Object item : list) {
                    Map<String, Object> m = item instanceof Namespace ns ? ns.values : JinjaMethods.cast(item);
                    boolean present = m.containsKey(attr);
                    Object a = m.get(attr);
                    boolean result = present && (test == null ? JinjaValues.truthy(a) : JinjaTests.test(test, a, value));
                    if (result == select) {
                        out.add(item);
                    }
                }
                return out;
            }
            case "map": {
                Map<String, Object> kw = keywords(interpreter.arguments(call.args(), scope));
                if (!kw.containsKey("attribute")) {
                    throw new JinjaException("`map` expressions without `attribute` set are not currently supported.");
                }
                if (!(kw.get("attribute") instanceof String attr)) {
                    throw new JinjaException("attribute must be a string");
                }
                List<Object> out = new ArrayList<>();
                for (Object item : list) {
                    if (!JinjaValues.isMapping(item) && !(item instanceof Namespace)) {
                        throw new JinjaException("items in map must be an object");
                    }
                    Object v = attribute(item, attr);
                    out.add(v instanceof Undefined ? kw.getOrDefault("default", UNDEFINED) : v);
                }
                return out;
            }
            default:
                throw new JinjaException("Unknown ArrayValue filter: " + name);
        }
    }

    private static Object positional(List<Object> args, int i) {
        return i < args.size() && !(args.get(i) instanceof Kwargs) ? args.get(i) : null;
    }

    private static Map<String, Object> keywords(List<Object> args) {
        return !args.isEmpty() && args.getLast() instanceof Kwargs k ? k : Map.of();
    }

    /** A dotted attribute path through mappings and list indexes. */
    private static Object attribute(Object item, String path) {
        Object v = item;
        for (String part : path.split("\\.", -1)) {
            if (JinjaValues.isMapping(v) || v instanceof Namespace) {
                Map<String, Object> m = v instanceof Namespace ns ? ns.values : JinjaMethods.cast(v);
                v = m.containsKey(part) ? m.get(part) : UNDEFINED;
            } else if (v instanceof List<?> l) {
                try {
                    int i = Integer.parseInt(part);
                    v = i >= 0 && i < l.size() ? l.get(i) : UNDEFINED;
                } catch (NumberFormatException e) {
                    return UNDEFINED;
                }
            } else {
                return UNDEFINED;
            }
        }
        return v;
    }

    private static List<Object> sorted(List<?> list, boolean reverse, boolean caseSensitive, String attribute) {
        List<Object> out = new ArrayList<>(list);
        out.sort((a, b) -> {
            Object x = attribute == null ? a : attribute(a, attribute), y = attribute == null ? b : attribute(b, attribute);
            int r = compare(x, y, caseSensitive);
            return reverse ? -r : r;
        });
        return out;
    }

    /** The reference's sort order: numbers (and booleans) together, strings case-insensitively by default. */
    static int compare(Object a, Object b, boolean caseSensitive) {
        if (a == null && b == null) {
            return 0;
        }
        if (a == null || b == null) {
            throw new JinjaException("Cannot compare " + typeName(a) + " with " + typeName(b));
        }
        if (a instanceof Undefined && b instanceof Undefined) {
            return 0;
        }
        if (a instanceof Undefined || b instanceof Undefined) {
            throw new JinjaException("Cannot compare " + typeName(a) + " with " + typeName(b));
        }
        boolean an = JinjaValues.isNumber(a) || a instanceof Boolean, bn = JinjaValues.isNumber(b) || b instanceof Boolean;
        if (an && bn) {
            return Double.compare(JinjaValues.number(a), JinjaValues.number(b));
        }
        if (!typeName(a).equals(typeName(b))) {
            throw new JinjaException("Cannot compare different types: " + typeName(a) + " and " + typeName(b));
        }
        if (a instanceof String x && b instanceof String y) {
            if (!caseSensitive) {
                x = x.toLowerCase(java.util.Locale.ROOT);
                y = y.toLowerCase(java.util.Locale.ROOT);
            }
            return Integer.signum(x.compareTo(y));
        }
        throw new JinjaException("Cannot compare type: " + typeName(a));
    }

    static List<Object> dictsort(Map<String, Object> map, List<Object> args) {
        Map<String, Object> kw = keywords(args);
        Object caseSensitive = positional(args, 0) != null ? positional(args, 0) : kw.getOrDefault("case_sensitive", false);
        Object by = positional(args, 1) != null ? positional(args, 1) : kw.getOrDefault("by", "key");
        Object reverse = positional(args, 2) != null ? positional(args, 2) : kw.getOrDefault("reverse", false);
        int index = "value".equals(by) ? 1 : 0;
        List<Object> items = JinjaMethods.items(map);
        items.sort((a, b) -> {
            int r = compare(((List<?>) a).get(index), ((List<?>) b).get(index), (Boolean) caseSensitive);
            return (Boolean) reverse ? -r : r;
        });
        return items;
    }

    private static List<Object> unique(List<?> list) {
        List<Object> out = new ArrayList<>();
        Set<Object> seen = new LinkedHashSet<>();
        for (Object x : list) {
            Object key = JinjaValues.isNumber(x) ? (Object) JinjaValues.number(x) : x;
            if (seen.add(key)) {
                out.add(x);
            }
        }
        return out;
    }

    private static String join(List<?> list, String separator) {
        List<String> parts = new ArrayList<>();
        for (Object x : list) {
            parts.add(x == null || x instanceof Undefined ? "" : JinjaValues.raw(x));
        }
        return String.join(separator, parts);
    }

    private static String indent(String s, int width, boolean first, boolean blank) {
        return indent(s, " ".repeat(width), first, blank);
    }

    private static String indent(String s, String unit, boolean first, boolean blank) {
        String[] lines = s.split("\n", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            sb.append(i > 0 ? "\n" : "").append((!first && i == 0) || (!blank && line.isEmpty()) ? line : unit + line);
        }
        return sb.toString();
    }

    /** JavaScript's parseInt(s, 10): leading whitespace, sign and digits; otherwise the default. */
    private static Object parseInt(String s, Object dflt) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^[+-]?\\d+").matcher(JsStrings.trimStart(s));
        return m.find() ? (Object) Long.parseLong(m.group().replace("+", "")) : dflt;
    }

    /** JavaScript's parseFloat: the longest numeric prefix; otherwise the default. */
    private static Object parseFloat(String s, Object dflt) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?").matcher(JsStrings.trimStart(s));
        return m.find() ? (Object) Double.parseDouble(m.group()) : dflt;
    }
}
