package dev.jollama.server.template.jinja;

import dev.jollama.server.template.jinja.JinjaInterpreter.Scope;
import dev.jollama.server.template.jinja.JinjaNode.Binary;
import dev.jollama.server.template.jinja.JinjaValues.Undefined;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.jollama.server.template.jinja.JinjaValues.isNumber;
import static dev.jollama.server.template.jinja.JinjaValues.raw;
import static dev.jollama.server.template.jinja.JinjaValues.truthy;
import static dev.jollama.server.template.jinja.JinjaValues.typeName;

/** Binary operators with the reference implementation's typing rules. */
final class JinjaOperators {

    private JinjaOperators() {
    }

    static Object binary(Binary b, Scope scope, JinjaInterpreter interpreter) {
        String op = b.operator();
        Object left = interpreter.eval(b.left(), scope);
        if (op.equals("and")) {
            return truthy(left) ? interpreter.eval(b.right(), scope) : left;
        }
        if (op.equals("or")) {
            return truthy(left) ? left : interpreter.eval(b.right(), scope);
        }
        Object right = interpreter.eval(b.right(), scope);
        if (op.equals("==")) {
            return JinjaValues.looseEquals(left, right);
        }
        if (op.equals("!=")) {
            return !JinjaValues.looseEquals(left, right);
        }
        if (left instanceof Undefined || right instanceof Undefined) {
            if (right instanceof Undefined && (op.equals("in") || op.equals("not in"))) {
                return op.equals("not in");
            }
            throw new JinjaException("Cannot perform operation " + op + " on undefined values");
        }
        if (left == null || right == null) {
            throw new JinjaException("Cannot perform operation on null values");
        }
        if (op.equals("~")) {
            return raw(left) + raw(right);
        }
        if (op.equals("**") && numericLike(left) && numericLike(right)) {
            double a = JinjaValues.number(left), x = JinjaValues.number(right);
            if (a == 0 && x < 0) {
                throw new JinjaException("0.0 cannot be raised to a negative power");
            }
            double r = Math.pow(a, x);
            if (Double.isNaN(r) || Double.isInfinite(r)) {
                throw new JinjaException("Exponentiation result is not a finite real number");
            }
            return left instanceof Double || right instanceof Double || x < 0 ? (Object) r : (Object) (long) r;
        }
        if (isNumber(left) && isNumber(right)) {
            Object r = arithmetic(op, left, right);
            if (r != null) {
                return r;
            }
        } else if (left instanceof List<?> l && right instanceof List<?> r) {
            if (op.equals("+")) {
                List<Object> all = new ArrayList<>(l);
                all.addAll(r);
                return all;
            }
        } else if (right instanceof List<?> r) {
            boolean member = r.stream().anyMatch(x -> JinjaValues.strictEquals(x, left));
            if (op.equals("in")) {
                return member;
            }
            if (op.equals("not in")) {
                return !member;
            }
        }
        if ((left instanceof String || right instanceof String) && op.equals("+")) {
            Object other = left instanceof String ? right : left;
            if (other instanceof List<?> || other instanceof Map<?, ?> || other instanceof JinjaValues.Namespace) {
                // JavaScript would print "[object Map]"; Python refuses, which is the useful answer
                throw new JinjaException("can only concatenate str (not \"" + (other instanceof List<?> ? "list" : "dict") + "\") to str");
            }
            return raw(left) + raw(right);
        }
        if (left instanceof String l && right instanceof String r) {
            if (op.equals("in")) {
                return r.contains(l);
            }
            if (op.equals("not in")) {
                return !r.contains(l);
            }
        }
        if (left instanceof String l && JinjaValues.isMapping(right)) {
            if (op.equals("in")) {
                return ((Map<?, ?>) right).containsKey(l);
            }
            if (op.equals("not in")) {
                return !((Map<?, ?>) right).containsKey(l);
            }
        }
        throw new JinjaException("Unknown operator \"" + op + "\" between " + typeName(left) + " and " + typeName(right));
    }

    private static boolean numericLike(Object v) {
        return isNumber(v) || v instanceof Boolean;
    }

    private static Object arithmetic(String op, Object left, Object right) {
        boolean isFloat = left instanceof Double || right instanceof Double;
        double a = JinjaValues.number(left), b = JinjaValues.number(right);
        return switch (op) {
            case "+", "-", "*" -> {
                if (!isFloat) {
                    long x = (Long) left, y = (Long) right;
                    yield op.equals("+") ? x + y : op.equals("-") ? x - y : x * y;
                }
                yield op.equals("+") ? a + b : op.equals("-") ? a - b : a * b;
            }
            case "/" -> a / b;
            case "//" -> {
                double r = Math.floor(a / b);
                yield isFloat ? (Object) r : (Object) (long) r;
            }
            case "%" -> {
                if (!isFloat) {
                    yield (Long) left % (Long) right;
                }
                yield a % b;
            }
            case "<" -> a < b;
            case ">" -> a > b;
            case ">=" -> a >= b;
            case "<=" -> a <= b;
            default -> null;
        };
    }
}
