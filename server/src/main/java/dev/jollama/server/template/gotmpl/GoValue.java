package dev.jollama.server.template.gotmpl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * How Java values stand for Go values in templates. Strings, Long (int), Double (float64), Boolean, List (slice),
 * Map (map, iterated in sorted key order as Go does), {@link Struct}, {@link Nil} (a typed nil pointer) and null
 * (no value: a nil interface or a missing map key). Helpers give Go's truthiness, comparisons, len and index.
 */
public final class GoValue {

    private GoValue() {
    }

    /** A Go struct: exported fields (and methods) by name, in declaration order for printing. */
    public interface Struct {
        /** Go type name used in error messages, e.g. {@code *template.templateMessage}. */
        String goTypeName();

        List<String> fieldNames();

        /** Field value; a {@link Function} for a method; throws {@link NoSuchFieldError} for neither. */
        Object field(String name);
    }

    /** A value with a String() method: fmt prints it through that method. */
    public interface Stringer {
        String goString();
    }

    /** A value with a MarshalJSON: json encodes {@link #toJson()} instead (use {@link GoJson.Ordered} for structs). */
    public interface JsonMarshaler {
        Object toJson();
    }

    /** A callable: a template function, or a method value. */
    @FunctionalInterface
    public interface Function {
        Object call(List<Object> args);
    }

    /** A typed nil pointer: prints {@code <nil>}, is false, and fails on field access. */
    public record Nil(String goTypeName) {
    }

    public static boolean truth(Object v) {
        return switch (v) {
            case null -> false;
            case Nil n -> false;
            case Boolean b -> b;
            case String s -> !s.isEmpty();
            case Long l -> l != 0;
            case Integer i -> i != 0;
            case Double d -> d != 0;
            case List<?> l -> !l.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    /** Entries of a Go map in the order Go prints and ranges over them: sorted keys. */
    public static List<Map.Entry<?, ?>> sortedEntries(Map<?, ?> map) {
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        entries.sort(Comparator.comparing(e -> e.getKey(), GoValue::compareKeys));
        return entries;
    }

    private static int compareKeys(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            return compareStrings(x, y);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    /** Go compares strings bytewise in UTF-8, which differs from UTF-16 order above the BMP. */
    static int compareStrings(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    enum BasicKind { BOOL, INT, FLOAT, STRING, INVALID, OTHER }

    static BasicKind kind(Object v) {
        return switch (v) {
            case null -> BasicKind.INVALID;
            case Boolean b -> BasicKind.BOOL;
            case Long l -> BasicKind.INT;
            case Integer i -> BasicKind.INT;
            case Double d -> BasicKind.FLOAT;
            case String s -> BasicKind.STRING;
            default -> BasicKind.OTHER;
        };
    }

    /** Go's type name of a value, for error messages. */
    public static String typeName(Object v) {
        return switch (v) {
            case null -> "<nil>";
            case Boolean b -> "bool";
            case Long l -> "int";
            case Integer i -> "int";
            case Double d -> "float64";
            case String s -> "string";
            case Struct s -> s.goTypeName();
            case Nil n -> n.goTypeName();
            case List<?> l -> "[]interface {}";
            case Map<?, ?> m -> "map[string]interface {}";
            case Function f -> "func";
            default -> v.getClass().getSimpleName();
        };
    }

    static boolean eq(Object a, Object b) {
        BasicKind ka = kind(a), kb = kind(b);
        if (ka != kb) {
            if (a != null && b != null) {
                throw new GoTemplateException("incompatible types for comparison");
            }
            return false;
        }
        return switch (ka) {
            case INVALID -> true;
            case BOOL, STRING -> a.equals(b);
            case INT -> ((Number) a).longValue() == ((Number) b).longValue();
            case FLOAT -> ((Double) a).doubleValue() == (Double) b;
            default -> {
                if (a instanceof Nil || b instanceof Nil) {
                    yield a instanceof Nil && b instanceof Nil;
                }
                if (a instanceof List || a instanceof Map || b instanceof List || b instanceof Map) {
                    throw new GoTemplateException("non-comparable type " + typeName(a) + ": " + GoFormat.print(a));
                }
                yield a == b || a.equals(b);
            }
        };
    }

    static int compare(Object a, Object b) {
        BasicKind ka = kind(a), kb = kind(b);
        if (ka == BasicKind.INVALID || kb == BasicKind.INVALID || ka == BasicKind.OTHER || ka == BasicKind.BOOL) {
            throw new GoTemplateException("invalid type for comparison");
        }
        if (ka != kb) {
            throw new GoTemplateException("incompatible types for comparison");
        }
        return switch (ka) {
            case INT -> Long.compare(((Number) a).longValue(), ((Number) b).longValue());
            case FLOAT -> Double.compare((Double) a, (Double) b);
            default -> compareStrings((String) a, (String) b);
        };
    }

    static long length(Object v) {
        return switch (v) {
            case String s -> s.getBytes(StandardCharsets.UTF_8).length;
            case List<?> l -> l.size();
            case Map<?, ?> m -> m.size();
            case null -> throw new GoTemplateException("len of nil pointer");
            default -> throw new GoTemplateException("len of type " + typeName(v));
        };
    }

    static Object index(Object item, List<Object> indexes) {
        Object v = item;
        for (Object idx : indexes) {
            v = switch (v) {
                case null -> throw new GoTemplateException("index of untyped nil");
                case List<?> list -> list.get(checkIndex(idx, list.size()));
                case String s -> {
                    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                    yield (long) (bytes[checkIndex(idx, bytes.length)] & 0xff);
                }
                case Map<?, ?> map -> {
                    if (!(idx instanceof String) && map.keySet().stream().anyMatch(k -> k instanceof String)) {
                        throw new GoTemplateException("value has type " + typeName(idx) + "; should be string");
                    }
                    yield map.get(idx);
                }
                default -> throw new GoTemplateException("can't index item of type " + typeName(v));
            };
        }
        return v;
    }

    private static int checkIndex(Object idx, int length) {
        if (!(idx instanceof Long) && !(idx instanceof Integer)) {
            throw new GoTemplateException("cannot index slice/array with type " + typeName(idx));
        }
        long i = ((Number) idx).longValue();
        if (i < 0 || i >= length) {
            throw new GoTemplateException("index out of range: " + i);
        }
        return (int) i;
    }

    static Object slice(Object item, List<Object> indexes) {
        if (indexes.size() > 3) {
            throw new GoTemplateException("too many slice indexes: " + indexes.size());
        }
        int cap;
        if (item instanceof String s) {
            if (indexes.size() == 3) {
                throw new GoTemplateException("cannot 3-index slice a string");
            }
            cap = s.getBytes(StandardCharsets.UTF_8).length;
        } else if (item instanceof List<?> l) {
            cap = l.size();
        } else {
            throw new GoTemplateException("can't slice item of type " + typeName(item));
        }
        int[] idx = {0, cap, cap};
        for (int i = 0; i < indexes.size(); i++) {
            Object x = indexes.get(i);
            if (!(x instanceof Long) && !(x instanceof Integer)) {
                throw new GoTemplateException("cannot index slice/array with type " + typeName(x));
            }
            long n = ((Number) x).longValue();
            if (n < 0 || n > cap) {
                throw new GoTemplateException("index out of range: " + n);
            }
            idx[i] = (int) n;
        }
        if (idx[0] > idx[1]) {
            throw new GoTemplateException("invalid slice index: " + idx[0] + " > " + idx[1]);
        }
        if (item instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return new String(b, idx[0], idx[1] - idx[0], StandardCharsets.UTF_8);
        }
        return new ArrayList<Object>(((List<?>) item).subList(idx[0], idx[1]));
    }
}
