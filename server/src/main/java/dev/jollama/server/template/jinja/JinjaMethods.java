package dev.jollama.server.template.jinja;

import dev.jollama.server.template.jinja.JinjaValues.Fn;
import dev.jollama.server.template.jinja.JinjaValues.Kwargs;
import dev.jollama.server.template.jinja.JinjaValues.Namespace;
import dev.jollama.server.template.jinja.JinjaValues.Undefined;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.jollama.server.template.jinja.JinjaValues.UNDEFINED;
import static dev.jollama.server.template.jinja.JinjaValues.typeName;

/**
 * Attribute and item access, and the methods values have: the reference's string methods (upper, lower, strip,
 * lstrip, rstrip, title, capitalize, startswith, endswith, split, replace, length) and mapping methods (get, items,
 * keys, values, dictsort), plus Python methods real templates call that the reference lacks (list append/pop/
 * extend/insert/index/count, dict update/pop/setdefault, str format/join/find/count/isdigit/isalpha/isspace).
 */
final class JinjaMethods {

    private static final Pattern NON_SPACE = Pattern.compile("[^\\s\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]+");
    private static final Pattern WORD_START = Pattern.compile("\\b\\w");

    private JinjaMethods() {
    }

    /** {@code object.property} or {@code object[property]}: undefined when there is no such thing. */
    static Object member(Object object, Object property) {
        if (JinjaValues.isMapping(object) && !(property instanceof String) && ((Map<?, ?>) object).containsKey(property)) {
            return ((Map<?, ?>) object).get(property);
        }
        if (JinjaValues.isMapping(object) || object instanceof Namespace) {
            if (!(property instanceof String key)) {
                throw new JinjaException("Cannot access property with non-string: got " + typeName(property));
            }
            Map<String, Object> map = object instanceof Namespace ns ? ns.values : cast(object);
            if (map.containsKey(key)) {
                return map.get(key);
            }
            return object instanceof Namespace ? UNDEFINED : orUndefined(dictMethod(map, key));
        }
        if (object instanceof List<?> || object instanceof String) {
            if (property instanceof Long i) {
                return at(object, i);
            }
            if (property instanceof String name) {
                return orUndefined(object instanceof String s ? stringMethod(s, name) : listMethod(cast(object), name));
            }
            throw new JinjaException("Cannot access property with non-string/non-number: got " + typeName(property));
        }
        if (!(property instanceof String)) {
            throw new JinjaException("Cannot access property with non-string: got " + typeName(property));
        }
        return UNDEFINED;
    }

    private static Object orUndefined(Object v) {
        return v == null ? UNDEFINED : v;
    }

    /** Index like JavaScript's Array.prototype.at: negative from the end, undefined when out of range. */
    private static Object at(Object object, long i) {
        int size = object instanceof String s ? s.length() : ((List<?>) object).size();
        long idx = i < 0 ? size + i : i;
        if (idx < 0 || idx >= size) {
            return UNDEFINED;
        }
        return object instanceof String s ? String.valueOf(s.charAt((int) idx)) : ((List<?>) object).get((int) idx);
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(Object o) {
        return (T) o;
    }

    private static Fn fn(java.util.function.Function<List<Object>, Object> f) {
        return (args, scope) -> f.apply(args);
    }

    private static Object stringMethod(String s, String name) {
        return switch (name) {
            case "upper" -> fn(a -> s.toUpperCase(java.util.Locale.ROOT));
            case "lower" -> fn(a -> s.toLowerCase(java.util.Locale.ROOT));
            case "strip" -> fn(a -> JsStrings.trim(s));
            case "lstrip" -> fn(a -> JsStrings.trimStart(s));
            case "rstrip" -> fn(a -> JsStrings.trimEnd(s));
            case "title" -> fn(a -> title(s));
            case "capitalize" -> fn(a -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + s.substring(1));
            case "length" -> (long) s.length();
            case "startswith" -> fn(a -> affix(s, a, true));
            case "endswith" -> fn(a -> affix(s, a, false));
            case "split" -> fn(a -> split(s, a));
            case "replace" -> fn(a -> replace(s, a));
            case "format" -> fn(a -> PyFormat.format(s, a));
            case "join" -> fn(a -> join(s, a));
            case "find" -> fn(a -> (long) s.indexOf(String.valueOf(a.getFirst())));
            case "count" -> fn(a -> (long) (s.isEmpty() && a.getFirst().equals("") ? 1 : s.split(Pattern.quote(String.valueOf(a.getFirst())), -1).length - 1));
            case "isdigit" -> fn(a -> !s.isEmpty() && s.chars().allMatch(Character::isDigit));
            case "isalpha" -> fn(a -> !s.isEmpty() && s.chars().allMatch(Character::isLetter));
            case "isspace" -> fn(a -> !s.isEmpty() && s.chars().allMatch(c -> JsStrings.isSpace((char) c)));
            default -> null;
        };
    }

    static String title(String s) {
        Matcher m = WORD_START.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group().toUpperCase(java.util.Locale.ROOT)));
        }
        return m.appendTail(sb).toString();
    }

    private static Object affix(String s, List<Object> args, boolean start) {
        String name = start ? "startswith" : "endswith";
        if (args.isEmpty()) {
            throw new JinjaException(name + "() requires at least one argument");
        }
        Object pattern = args.getFirst();
        if (pattern instanceof String p) {
            return start ? s.startsWith(p) : s.endsWith(p);
        }
        if (pattern instanceof List<?> l) {
            for (Object item : l) {
                if (!(item instanceof String p)) {
                    throw new JinjaException(name + "() tuple elements must be strings");
                }
                if (start ? s.startsWith(p) : s.endsWith(p)) {
                    return true;
                }
            }
            return false;
        }
        throw new JinjaException(name + "() argument must be a string or tuple of strings");
    }

    /** Python's str.split(sep=None, maxsplit=-1). */
    private static Object split(String s, List<Object> args) {
        Object sep = args.isEmpty() ? null : args.get(0);
        Object max = args.size() > 1 ? args.get(1) : -1L;
        if (sep instanceof Kwargs) {
            sep = null;
        }
        if (!(sep == null || sep instanceof String)) {
            throw new JinjaException("sep argument must be a string or null");
        }
        if (!(max instanceof Long maxsplit)) {
            throw new JinjaException("maxsplit argument must be a number");
        }
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            String text = JsStrings.trimStart(s);
            Matcher m = NON_SPACE.matcher(text);
            while (m.find()) {
                if (maxsplit != -1 && out.size() >= maxsplit) {
                    out.add(text.substring(m.start()));
                    break;
                }
                out.add(m.group());
            }
            return out;
        }
        String separator = (String) sep;
        if (separator.isEmpty()) {
            throw new JinjaException("empty separator");
        }
        int from = 0;
        while (true) {
            int i = s.indexOf(separator, from);
            if (i < 0 || (maxsplit != -1 && out.size() >= maxsplit)) {
                out.add(s.substring(from));
                return out;
            }
            out.add(s.substring(from, i));
            from = i + separator.length();
        }
    }

    private static Object replace(String s, List<Object> args) {
        if (args.size() < 2) {
            throw new JinjaException("replace() requires at least two arguments");
        }
        if (!(args.get(0) instanceof String old) || !(args.get(1) instanceof String replacement)) {
            throw new JinjaException("replace() arguments must be strings");
        }
        Object count = args.size() > 2 ? (args.get(2) instanceof Kwargs k ? k.getOrDefault("count", null) : args.get(2)) : null;
        if (!(count == null || count instanceof Long)) {
            throw new JinjaException("replace() count argument must be a number or null");
        }
        long remaining = count == null || (Long) count < 0 ? Long.MAX_VALUE : (Long) count;
        if (remaining == 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        if (old.isEmpty()) {
            int i = 0;
            while (i <= s.length()) {
                if (remaining-- > 0) {
                    sb.append(replacement);
                }
                if (i < s.length()) {
                    int cp = s.codePointAt(i);
                    sb.appendCodePoint(cp);
                    i += Character.charCount(cp);
                } else {
                    break;
                }
            }
            return sb.toString();
        }
        int from = 0;
        while (remaining > 0) {
            int i = s.indexOf(old, from);
            if (i < 0) {
                break;
            }
            sb.append(s, from, i).append(replacement);
            from = i + old.length();
            remaining--;
        }
        return sb.append(s.substring(from)).toString();
    }

    private static Object join(String separator, List<Object> args) {
        if (!(args.isEmpty() ? null : args.getFirst() instanceof List<?> l)) {
            throw new JinjaException("join() argument must be a list");
        }
        List<String> parts = new ArrayList<>();
        for (Object x : (List<?>) args.getFirst()) {
            parts.add(JinjaValues.raw(x));
        }
        return String.join(separator, parts);
    }

    static Object dictMethod(Map<String, Object> map, String name) {
        return switch (name) {
            case "get" -> fn(a -> {
                Object key = a.isEmpty() ? UNDEFINED : a.get(0);
                if (!(key instanceof String k)) {
                    throw new JinjaException("Object key must be a string: got " + typeName(key));
                }
                return map.containsKey(k) ? map.get(k) : a.size() > 1 ? a.get(1) : null;
            });
            case "items" -> fn(a -> items(map));
            case "keys" -> fn(a -> new ArrayList<Object>(map.keySet()));
            case "values" -> fn(a -> new ArrayList<>(map.values()));
            case "dictsort" -> fn(a -> JinjaFilters.dictsort(map, a));
            case "update" -> fn(a -> {
                for (Object x : a) {
                    if (x instanceof Map<?, ?> m) {
                        map.putAll(cast(m));
                    }
                }
                return null;
            });
            case "pop" -> fn(a -> {
                Object key = a.getFirst();
                if (!map.containsKey(key)) {
                    if (a.size() > 1) {
                        return a.get(1);
                    }
                    throw new JinjaException("KeyError: " + JinjaValues.raw(key));
                }
                return map.remove(key);
            });
            case "setdefault" -> fn(a -> map.computeIfAbsent((String) a.getFirst(), k -> a.size() > 1 ? a.get(1) : null));
            default -> null;
        };
    }

    static List<Object> items(Map<?, ?> map) {
        List<Object> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.add(new ArrayList<>(java.util.Arrays.asList(e.getKey(), e.getValue())));
        }
        return out;
    }

    private static Object listMethod(List<Object> list, String name) {
        return switch (name) {
            case "length" -> (long) list.size();
            case "append" -> fn(a -> {
                list.add(a.getFirst());
                return null;
            });
            case "extend" -> fn(a -> {
                list.addAll((List<?>) a.getFirst());
                return null;
            });
            case "insert" -> fn(a -> {
                long i = (Long) a.get(0);
                list.add((int) Math.clamp(i < 0 ? list.size() + i : i, 0, list.size()), a.get(1));
                return null;
            });
            case "pop" -> fn(a -> {
                if (list.isEmpty()) {
                    throw new JinjaException("pop from empty list");
                }
                long i = a.isEmpty() ? -1 : (Long) a.getFirst();
                return list.remove((int) (i < 0 ? list.size() + i : i));
            });
            case "index" -> fn(a -> {
                for (int i = 0; i < list.size(); i++) {
                    if (JinjaValues.looseEquals(list.get(i), a.getFirst())) {
                        return (long) i;
                    }
                }
                throw new JinjaException("ValueError: value is not in list");
            });
            case "count" -> fn(a -> list.stream().filter(x -> JinjaValues.looseEquals(x, a.getFirst())).count());
            default -> null;
        };
    }

    /** Python slicing of a list or a string. */
    static Object slice(Object object, Object start, Object stop, Object step) {
        if (!(object instanceof List<?> || object instanceof String)) {
            throw new JinjaException("Slice object must be an array or string");
        }
        for (Object x : new Object[] {start, stop, step}) {
            if (!(x instanceof Long || x instanceof Undefined)) {
                throw new JinjaException("Slice start must be numeric or undefined");
            }
        }
        int size = object instanceof String s ? s.length() : ((List<?>) object).size();
        long st = step instanceof Long l ? l : 1;
        if (st == 0) {
            throw new JinjaException("slice step cannot be zero");
        }
        long from, to;
        if (st > 0) {
            from = start instanceof Long l ? (l < 0 ? Math.max(size + l, 0) : Math.min(l, size)) : 0;
            to = stop instanceof Long l ? (l < 0 ? Math.max(size + l, 0) : Math.min(l, size)) : size;
        } else {
            from = start instanceof Long l ? (l < 0 ? Math.max(size + l, -1) : Math.min(l, size - 1)) : size - 1;
            to = stop instanceof Long l ? (l < -1 ? Math.max(size + l, -1) : Math.min(l, size - 1)) : -1;
        }
        List<Object> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (long i = from; st > 0 ? i < to : i > to; i += st) {
            if (object instanceof String s) {
                sb.append(s.charAt((int) i));
            } else {
                out.add(((List<?>) object).get((int) i));
            }
        }
        return object instanceof String ? sb.toString() : out;
    }
}
