package dev.jollama.server.template.jinja;

import dev.jollama.server.template.jinja.JinjaValues.Fn;
import dev.jollama.server.template.jinja.JinjaValues.Undefined;

import java.util.List;
import java.util.Locale;

/** The {@code is} tests of the reference implementation. */
final class JinjaTests {

    private JinjaTests() {
    }

    static boolean test(String name, Object v) {
        return switch (name) {
            case "boolean" -> v instanceof Boolean;
            case "callable" -> v instanceof Fn;
            case "odd", "even" -> {
                if (!(v instanceof Long l)) {
                    throw new JinjaException("cannot " + name + " on " + JinjaValues.typeName(v));
                }
                yield (l % 2 != 0) == name.equals("odd");
            }
            case "false" -> Boolean.FALSE.equals(v);
            case "true" -> Boolean.TRUE.equals(v);
            case "none" -> v == null;
            case "string" -> v instanceof String;
            case "number" -> JinjaValues.isNumber(v);
            case "integer" -> v instanceof Long;
            case "float" -> v instanceof Double;
            case "iterable" -> v instanceof List<?> || v instanceof String;
            case "mapping" -> JinjaValues.isMapping(v);
            case "sequence" -> v instanceof List<?> || JinjaValues.isMapping(v) || v instanceof String;
            case "lower" -> v instanceof String s && s.equals(s.toLowerCase(Locale.ROOT));
            case "upper" -> v instanceof String s && s.equals(s.toUpperCase(Locale.ROOT));
            case "defined" -> !(v instanceof Undefined);
            case "undefined" -> v instanceof Undefined;
            default -> throw new JinjaException("Unknown test: " + name);
        };
    }

    /** Two-argument tests usable in selectattr/rejectattr. */
    static boolean test(String name, Object v, Object arg) {
        if (name.equals("equalto") || name.equals("eq") || name.equals("==")) {
            return JinjaValues.strictEquals(v, arg);
        }
        return test(name, v);
    }
}
