package dev.jollama.server.template.jinja;

import dev.jollama.server.template.jinja.JinjaValues.Kwargs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Python's str.format for the forms templates use: {}, {0}, {name}, and {{ }} escapes, values as Python's str(). */
final class PyFormat {

    private PyFormat() {
    }

    static String format(String pattern, List<Object> args) {
        List<Object> positional = new ArrayList<>(args);
        Map<String, Object> named = Map.of();
        if (!positional.isEmpty() && positional.getLast() instanceof Kwargs k) {
            named = k;
            positional.removeLast();
        }
        StringBuilder sb = new StringBuilder();
        int auto = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < pattern.length() && pattern.charAt(i + 1) == c) {
                sb.append(c);
                i++;
                continue;
            }
            if (c != '{') {
                sb.append(c);
                continue;
            }
            int end = pattern.indexOf('}', i);
            if (end < 0) {
                throw new JinjaException("Single '{' encountered in format string");
            }
            String field = pattern.substring(i + 1, end);
            Object value;
            if (field.isEmpty()) {
                value = positional.get(auto++);
            } else if (field.chars().allMatch(Character::isDigit)) {
                value = positional.get(Integer.parseInt(field));
            } else {
                value = named.get(field);
            }
            sb.append(str(value));
            i = end;
        }
        return sb.toString();
    }

    /** Python's str() of a value. */
    static String str(Object v) {
        return switch (v) {
            case null -> "None";
            case Boolean b -> b ? "True" : "False";
            case String s -> s;
            default -> JinjaValues.print(v);
        };
    }
}
