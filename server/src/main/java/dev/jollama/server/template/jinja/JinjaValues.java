package dev.jollama.server.template.jinja;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runtime values of the Jinja interpreter and their semantics, as in Hugging Face's reference: Long (integer),
 * Double (float), String, Boolean, null (none), {@link #UNDEFINED}, List (array; {@link Tuple} for tuples),
 * {@link Dict} (object, insertion-ordered), {@link Namespace}, {@link Fn} (callable).
 */
final class JinjaValues {

    private JinjaValues() {
    }

    /** A missing variable or attribute. */
    enum Undefined { UNDEFINED }

    static final Undefined UNDEFINED = Undefined.UNDEFINED;

    static final class Dict extends LinkedHashMap<String, Object> {
        Dict() {
        }

        Dict(Map<String, Object> m) {
            super(m);
        }
    }

    /** Keyword arguments passed as the last positional argument of a call. */
    static final class Kwargs extends LinkedHashMap<String, Object> {
        Kwargs(Map<String, Object> m) {
            super(m);
        }
    }

    static final class Tuple extends ArrayList<Object> {
        Tuple(List<Object> items) {
            super(items);
        }
    }

    static final class Namespace {
        final Map<String, Object> values = new LinkedHashMap<>();
    }

    @FunctionalInterface
    interface Fn {
        Object call(List<Object> args, JinjaInterpreter.Scope scope);
    }

    static String typeName(Object v) {
        return switch (v) {
            case null -> "NullValue";
            case Undefined u -> "UndefinedValue";
            case Long l -> "IntegerValue";
            case Double d -> "FloatValue";
            case String s -> "StringValue";
            case Boolean b -> "BooleanValue";
            case Tuple t -> "TupleValue";
            case List<?> l -> "ArrayValue";
            case Kwargs k -> "KeywordArgumentsValue";
            case Dict d -> "ObjectValue";
            case Namespace n -> "NamespaceValue";
            case Fn f -> "FunctionValue";
            default -> v.getClass().getSimpleName();
        };
    }

    static boolean truthy(Object v) {
        return switch (v) {
            case null -> false;
            case Undefined u -> false;
            case Boolean b -> b;
            case Long l -> l != 0;
            case Double d -> d != 0 && !d.isNaN();
            case String s -> !s.isEmpty();
            case List<?> l -> !l.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double;
    }

    static double number(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return ((Number) v).doubleValue();
    }

    static boolean isMapping(Object v) {
        return v instanceof Dict || v instanceof Kwargs;
    }

    /** How a value prints in template output. */
    static String print(Object v) {
        return switch (v) {
            case Double d -> {
                if (d == 0 && 1 / d < 0) {
                    yield "-0.0";
                }
                yield d % 1 == 0 && !d.isInfinite() ? fixed1(d) : jsNumber(d);
            }
            case List<?> l -> JinjaJson.write(v, JinjaJson.Options.DEFAULT, false);
            case Map<?, ?> m -> JinjaJson.write(v, JinjaJson.Options.DEFAULT, false);
            case Namespace n -> JinjaJson.write(v, JinjaJson.Options.DEFAULT, false);
            default -> raw(v);
        };
    }

    private static String fixed1(double d) {
        if (Math.abs(d) >= 1e21) {
            return jsNumber(d);
        }
        return new BigDecimal(d).setScale(1, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    /** The underlying JavaScript value turned into a string, as String(x.value) or x.value.toString() give it. */
    static String raw(Object v) {
        return switch (v) {
            case null -> "null";
            case Undefined u -> "undefined";
            case Long l -> l.toString();
            case Double d -> jsNumber(d);
            case Boolean b -> b.toString();
            case String s -> s;
            case List<?> l -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < l.size(); i++) {
                    sb.append(i > 0 ? "," : "").append("[object Object]");
                }
                yield sb.toString();
            }
            case Map<?, ?> m -> "[object Map]";
            case Namespace n -> "[object Map]";
            default -> "function";
        };
    }

    /** JavaScript's Number.prototype.toString(). */
    static String jsNumber(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return "0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int exp = digits.length() - 1 - bd.scale();
        String sign = d < 0 ? "-" : "";
        if (exp >= 21 || exp < -6) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + Math.abs(exp);
        }
        return sign + bd.toPlainString();
    }

    /** JavaScript's loose equality (==) on the underlying values, which the reference uses for == and !=. */
    static boolean looseEquals(Object a, Object b) {
        boolean aNullish = a == null || a instanceof Undefined, bNullish = b == null || b instanceof Undefined;
        if (aNullish || bNullish) {
            return aNullish && bNullish;
        }
        if (a instanceof String x && b instanceof String y) {
            return x.equals(y);
        }
        if (isPrimitive(a) && isPrimitive(b)) {
            return toNumber(a) == toNumber(b);
        }
        return a == b;
    }

    /** JavaScript's strict equality (===) on the underlying values, which the reference uses for `in` on arrays. */
    static boolean strictEquals(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (isNumber(a) && isNumber(b)) {
            return number(a) == number(b);
        }
        if (a instanceof String || a instanceof Boolean || a instanceof Undefined) {
            return a.equals(b);
        }
        return a == b;
    }

    private static boolean isPrimitive(Object v) {
        return v instanceof String || v instanceof Boolean || isNumber(v);
    }

    private static double toNumber(Object v) {
        if (v instanceof String s) {
            String t = JsStrings.trim(s);
            if (t.isEmpty()) {
                return 0;
            }
            try {
                return Double.parseDouble(t);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return number(v);
    }

    /** Converts request data (JSON-like Java values) into runtime values. Integral floats become integers, as in JS. */
    static Object fromJava(Object v) {
        return switch (v) {
            case null -> null;
            case Integer i -> i.longValue();
            case Long l -> l;
            case Short s -> s.longValue();
            case Double d -> d % 1 == 0 && Math.abs(d) < 9.007199254740992E15 ? (Object) d.longValue() : d;
            case Float f -> fromJava(f.doubleValue());
            case java.math.BigInteger b -> b.doubleValue();
            case BigDecimal b -> fromJava(b.doubleValue());
            case Number n -> fromJava(n.doubleValue());
            case List<?> l -> {
                List<Object> out = new ArrayList<>();
                for (Object x : l) {
                    out.add(fromJava(x));
                }
                yield out;
            }
            case Map<?, ?> m -> {
                Dict d = new Dict();
                m.forEach((k, x) -> d.put(String.valueOf(k), fromJava(x)));
                yield d;
            }
            default -> v;
        };
    }
}
