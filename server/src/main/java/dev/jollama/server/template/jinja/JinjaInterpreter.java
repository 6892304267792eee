package dev.jollama.server.template.jinja;

import dev.jollama.server.template.jinja.JinjaNode.*;
import dev.jollama.server.template.jinja.JinjaValues.Dict;
import dev.jollama.server.template.jinja.JinjaValues.Fn;
import dev.jollama.server.template.jinja.JinjaValues.Kwargs;
import dev.jollama.server.template.jinja.JinjaValues.Namespace;
import dev.jollama.server.template.jinja.JinjaValues.Tuple;
import dev.jollama.server.template.jinja.JinjaValues.Undefined;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.jollama.server.template.jinja.JinjaValues.UNDEFINED;
import static dev.jollama.server.template.jinja.JinjaValues.truthy;
import static dev.jollama.server.template.jinja.JinjaValues.typeName;

/** Evaluates a parsed template with the reference implementation's semantics (scopes, loops, macros, operators). */
final class JinjaInterpreter {

    /** A variable scope; lookups walk up to the globals. */
    static final class Scope {
        final Map<String, Object> vars = new HashMap<>();
        final Scope parent;

        Scope(Scope parent) {
            this.parent = parent;
        }

        Object lookup(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                if (s.vars.containsKey(name)) {
                    return s.vars.get(name);
                }
            }
            return UNDEFINED;
        }

        void set(String name, Object value) {
            vars.put(name, value);
        }
    }

    private static final class BreakSignal extends RuntimeException {
        BreakSignal() {
            super(null, null, false, false);
        }
    }

    private static final class ContinueSignal extends RuntimeException {
        ContinueSignal() {
            super(null, null, false, false);
        }
    }

    private final JinjaFilters filters = new JinjaFilters(this);

    String render(List<JinjaNode> program, Scope globals) {
        return block(program, globals);
    }

    String block(List<JinjaNode> statements, Scope scope) {
        StringBuilder sb = new StringBuilder();
        for (JinjaNode n : statements) {
            Object v = eval(n, scope);
            if (v != null && !(v instanceof Undefined)) {
                sb.append(JinjaValues.print(v));
            }
        }
        return sb.toString();
    }

    Object eval(JinjaNode node, Scope scope) {
        return switch (node) {
            case null -> UNDEFINED;
            case Text t -> t.value();
            case Comment c -> null;
            case Literal l -> l.value();
            case Identifier id -> scope.lookup(id.name());
            case ListLiteral l -> evalAll(l.items(), scope);
            case TupleLiteral t -> new Tuple(evalAll(t.items(), scope));
            case DictLiteral d -> {
                Dict out = new Dict();
                for (Map.Entry<JinjaNode, JinjaNode> e : d.entries()) {
                    Object key = eval(e.getKey(), scope);
                    // Python allows any hashable key (templates use integers); the reference only strings
                    if (!(key instanceof String) && !(key instanceof Long) && !(key instanceof Boolean)) {
                        throw new JinjaException("Object keys must be strings: got " + typeName(key));
                    }
                    JinjaMethods.<Map<Object, Object>>cast(out).put(key, eval(e.getValue(), scope));
                }
                yield out;
            }
            case If i -> block(truthy(eval(i.test(), scope)) ? i.body() : i.orElse(), scope);
            case For f -> loop(f, scope);
            case JinjaNode.Set s -> assign(s, scope);
            case Macro m -> {
                scope.set(m.name(), macro("'" + m.name() + "'", m.params(), m.body(), m.kwargs(), m.varargs(), null));
                yield null;
            }
            case CallBlock c -> callBlock(c, scope);
            case FilterBlock f -> filters.apply(block(f.body(), scope), f.filter(), scope);
            case Break b -> throw new BreakSignal();
            case Continue c -> throw new ContinueSignal();
            case Member m -> member(m, scope);
            case Call c -> call(c, scope);
            case Unary u -> unary(u, scope);
            case Binary b -> JinjaOperators.binary(b, scope, this);
            case Filter f -> filters.apply(eval(f.operand(), scope), f.filter(), scope);
            case Test t -> {
                boolean r = JinjaTests.test(t.test(), eval(t.operand(), scope));
                yield t.negate() != r;
            }
            case Select s -> truthy(eval(s.test(), scope)) ? eval(s.value(), scope) : UNDEFINED;
            case Ternary t -> truthy(eval(t.test(), scope)) ? eval(t.ifTrue(), scope) : eval(t.ifFalse(), scope);
            default -> throw new JinjaException("Unknown node type: " + node.getClass().getSimpleName());
        };
    }

    private List<Object> evalAll(List<JinjaNode> nodes, Scope scope) {
        List<Object> out = new ArrayList<>();
        for (JinjaNode n : nodes) {
            out.add(eval(n, scope));
        }
        return out;
    }

    private Object unary(Unary u, Scope scope) {
        Object v = eval(u.operand(), scope);
        if (u.operator().equals("not")) {
            return !truthy(v);
        }
        int sign = u.operator().equals("-") ? -1 : 1;
        return switch (v) {
            case Long l -> sign * l;
            case Double d -> sign * d;
            case Boolean b -> (long) sign * (b ? 1 : 0);
            default -> throw new JinjaException("Unknown operator \"" + u.operator() + "\" for " + typeName(v));
        };
    }

    /** Evaluated call arguments: positionals, then keyword arguments collected into a trailing Kwargs (if any). */
    List<Object> arguments(List<JinjaNode> args, Scope scope) {
        List<Object> positional = new ArrayList<>();
        Map<String, Object> keywords = new LinkedHashMap<>();
        for (JinjaNode a : args) {
            if (a instanceof Spread s) {
                Object v = eval(s.value(), scope);
                if (!(v instanceof List<?> l)) {
                    throw new JinjaException("Cannot unpack non-iterable type: " + typeName(v));
                }
                positional.addAll(l);
            } else if (!(a instanceof KeywordArg) && !(a instanceof KeywordSpread)) {
                positional.add(eval(a, scope));
            }
        }
        for (JinjaNode a : args) {
            if (a instanceof KeywordArg k) {
                putKeyword(keywords, k.name(), eval(k.value(), scope));
            } else if (a instanceof KeywordSpread s) {
                Object v = eval(s.value(), scope);
                if (!(v instanceof Dict d)) {
                    throw new JinjaException("Argument after ** must be a mapping, not " + typeName(v));
                }
                d.forEach((k, x) -> putKeyword(keywords, k, x));
            }
        }
        if (!keywords.isEmpty()) {
            positional.add(new Kwargs(keywords));
        }
        return positional;
    }

    private static void putKeyword(Map<String, Object> keywords, String name, Object value) {
        if (keywords.containsKey(name)) {
            throw new JinjaException("Got multiple values for keyword argument '" + name + "'");
        }
        keywords.put(name, value);
    }

    private Object call(Call c, Scope scope) {
        List<Object> args = arguments(c.args(), scope);
        Object fn = eval(c.callee(), scope);
        if (!(fn instanceof Fn f)) {
            throw new JinjaException("Cannot call something that is not a function: got " + typeName(fn));
        }
        return f.call(args, scope);
    }

    private Object member(Member m, Scope scope) {
        Object object = eval(m.object(), scope);
        Object property;
        if (m.computed()) {
            if (m.property() instanceof Slice s) {
                return JinjaMethods.slice(object, eval(s.start(), scope), eval(s.stop(), scope), eval(s.step(), scope));
            }
            property = eval(m.property(), scope);
        } else if (m.property() instanceof Literal l) {
            property = l.value();
        } else {
            property = ((Identifier) m.property()).name();
        }
        return JinjaMethods.member(object, property);
    }

    private Object assign(JinjaNode.Set s, Scope scope) {
        Object value = s.value() != null ? eval(s.value(), scope) : block(s.body(), scope);
        switch (s.target()) {
            case Identifier id -> scope.set(id.name(), value);
            case TupleLiteral t -> {
                if (!(value instanceof List<?> list)) {
                    throw new JinjaException("Cannot unpack non-iterable type in set: " + typeName(value));
                }
                if (list.size() != t.items().size()) {
                    throw new JinjaException("Too " + (t.items().size() > list.size() ? "few" : "many") + " items to unpack in set");
                }
                for (int i = 0; i < list.size(); i++) {
                    if (!(t.items().get(i) instanceof Identifier id)) {
                        throw new JinjaException("Cannot unpack to non-identifier in set");
                    }
                    scope.set(id.name(), list.get(i));
                }
            }
            case Member m -> {
                Object target = eval(m.object(), scope);
                if (!(target instanceof Namespace ns)) {
                    throw new JinjaException("cannot assign attribute on non-namespace object");
                }
                if (!(m.property() instanceof Identifier id)) {
                    throw new JinjaException("Cannot assign to member with non-identifier property");
                }
                ns.values.put(id.name(), value);
            }
            default -> throw new JinjaException("Invalid LHS inside assignment expression");
        }
        return null;
    }

    private Object loop(For f, Scope outer) {
        Scope scope = new Scope(outer);
        Object iterable = eval(f.iterable(), scope);
        List<?> items;
        if (iterable instanceof List<?> l) {
            items = l;
        } else if (JinjaValues.isMapping(iterable)) {
            items = new ArrayList<>(((Map<?, ?>) iterable).keySet());
        } else if (iterable instanceof Undefined || iterable == null) {
            // Python's Jinja iterates undefined and none... as nothing; the reference raises here
            items = List.of();
        } else {
            throw new JinjaException("Expected iterable or object type in for loop: got " + typeName(iterable));
        }
        List<Object> selected = new ArrayList<>();
        for (Object item : items) {
            if (f.filter() != null) {
                Scope test = new Scope(scope);
                bind(f.target(), item, test);
                if (!truthy(eval(f.filter(), test))) {
                    continue;
                }
            }
            selected.add(item);
        }
        StringBuilder out = new StringBuilder();
        boolean iterated = false;
        int n = selected.size();
        for (int i = 0; i < n; i++) {
            Dict loop = new Dict();
            loop.put("index", (long) i + 1);
            loop.put("index0", (long) i);
            loop.put("revindex", (long) (n - i));
            loop.put("revindex0", (long) (n - i - 1));
            loop.put("first", i == 0);
            loop.put("last", i == n - 1);
            loop.put("length", (long) n);
            loop.put("previtem", i > 0 ? selected.get(i - 1) : UNDEFINED);
            loop.put("nextitem", i < n - 1 ? selected.get(i + 1) : UNDEFINED);
            scope.set("loop", loop);
            bind(f.target(), selected.get(i), scope);
            try {
                out.append(block(f.body(), scope));
            } catch (ContinueSignal c) {
                continue;
            } catch (BreakSignal b) {
                break;
            }
            iterated = true;
        }
        if (!iterated) {
            out.append(block(f.orElse(), scope));
        }
        return out.toString();
    }

    private static void bind(JinjaNode target, Object item, Scope scope) {
        if (target instanceof Identifier id) {
            scope.set(id.name(), item);
            return;
        }
        List<JinjaNode> names = ((TupleLiteral) target).items();
        if (!(item instanceof List<?> values)) {
            throw new JinjaException("Cannot unpack non-iterable type: " + typeName(item));
        }
        if (names.size() != values.size()) {
            throw new JinjaException("Too " + (names.size() > values.size() ? "few" : "many") + " items to unpack");
        }
        for (int i = 0; i < names.size(); i++) {
            if (!(names.get(i) instanceof Identifier id)) {
                throw new JinjaException("Cannot unpack non-identifier type");
            }
            scope.set(id.name(), values.get(i));
        }
    }

    /** A macro (or a call block's caller): parameters bound by position, keyword or default; kwargs/varargs if used. */
    private Fn macro(String displayName, List<JinjaNode> params, List<JinjaNode> body, boolean usesKwargs,
                     boolean usesVarargs, Scope definedIn) {
        return (args, callScope) -> {
            Scope scope = new Scope(definedIn != null ? definedIn : callScope);
            List<Object> positional = new ArrayList<>(args);
            Map<String, Object> keywords = new LinkedHashMap<>();
            if (!positional.isEmpty() && positional.getLast() instanceof Kwargs k) {
                keywords.putAll(k);
                positional.removeLast();
            }
            List<Map.Entry<String, JinjaNode>> defaults = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                JinjaNode p = params.get(i);
                String name = p instanceof KeywordArg k ? k.name() : ((Identifier) p).name();
                Object value = i < positional.size() ? positional.get(i) : null;
                boolean given = i < positional.size();
                if (!given && keywords.containsKey(name)) {
                    value = keywords.remove(name);
                    given = true;
                }
                if (!given && p instanceof KeywordArg k) {
                    defaults.add(Map.entry(name, k.value()));
                }
                scope.set(name, given ? value : UNDEFINED);
            }
            if (usesKwargs) {
                scope.set("kwargs", new Dict(keywords));
            } else if (!keywords.isEmpty()) {
                throw new JinjaException("macro " + displayName + " takes no keyword argument '" + keywords.keySet().iterator().next() + "'");
            }
            if (usesVarargs) {
                scope.set("varargs", new ArrayList<>(positional.subList(Math.min(params.size(), positional.size()), positional.size())));
            } else if (positional.size() > params.size()) {
                throw new JinjaException("macro " + displayName + " takes not more than " + params.size() + " argument(s)");
            }
            for (Map.Entry<String, JinjaNode> d : defaults) {
                scope.set(d.getKey(), eval(d.getValue(), scope));
            }
            return block(body, scope);
        };
    }

    private Object callBlock(CallBlock c, Scope scope) {
        Fn caller = macro("None", c.callerParams(), c.body(), c.kwargs(), c.varargs(), scope);
        List<Object> args = arguments(c.call().args(), scope);
        if (args.isEmpty() || !(args.getLast() instanceof Kwargs)) {
            args.add(new Kwargs(Map.of()));
        }
        Object fn = eval(c.call().callee(), scope);
        if (!(fn instanceof Fn f)) {
            throw new JinjaException("Cannot call something that is not a function: got " + typeName(fn));
        }
        Scope withCaller = new Scope(scope);
        withCaller.set("caller", caller);
        return f.call(args, withCaller);
    }
}
