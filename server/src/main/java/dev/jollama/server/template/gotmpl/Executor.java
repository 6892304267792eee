package dev.jollama.server.template.gotmpl;

import dev.jollama.server.template.gotmpl.Node.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Walks a parsed template over data, as Go's text/template exec does, with {@code missingkey=zero}. */
final class Executor {

    private static final int MAX_DEPTH = 1000;

    private static final class Break extends RuntimeException {
        Break() {
            super(null, null, false, false);
        }
    }

    private static final class Continue extends RuntimeException {
        Continue() {
            super(null, null, false, false);
        }
    }

    private static final Break BREAK = new Break();
    private static final Continue CONTINUE = new Continue();

    private record Variable(String name, Object value) {
    }

    private final GoTemplate template;
    private final StringBuilder out;
    private final List<Variable> vars = new ArrayList<>();
    private final int depth;
    private String node = "";
    private int line;

    private Executor(GoTemplate template, StringBuilder out, Object dot, int depth) {
        this.template = template;
        this.out = out;
        this.depth = depth;
        vars.add(new Variable("$", dot));
    }

    static void execute(GoTemplate template, ListNode root, Object data, StringBuilder out) {
        new Executor(template, out, data, 0).walk(data, root);
    }

    private void walk(Object dot, Node n) {
        switch (n) {
            case ListNode list -> {
                for (Node child : list.nodes()) {
                    walk(dot, child);
                }
            }
            case TextNode text -> out.append(text.text());
            case ActionNode action -> {
                at(action.line(), action);
                Object v = evalPipeline(dot, action.pipe());
                if (action.pipe().decl().isEmpty()) {
                    printValue(v);
                }
            }
            case BranchNode b when b.kind() == BranchKind.RANGE -> walkRange(dot, b);
            case BranchNode b -> walkIfOrWith(dot, b);
            case TemplateNode t -> walkTemplate(dot, t);
            case BreakNode b -> throw BREAK;
            case ContinueNode c -> throw CONTINUE;
            default -> throw error("unknown node: " + n);
        }
    }

    private void walkIfOrWith(Object dot, BranchNode b) {
        int mark = vars.size();
        try {
            at(b.line(), b.pipe());
            Object v = evalPipeline(dot, b.pipe());
            if (GoValue.truth(v)) {
                walk(b.kind() == BranchKind.WITH ? v : dot, b.list());
            } else if (b.elseList() != null) {
                walk(dot, b.elseList());
            }
        } finally {
            pop(mark);
        }
    }

    private void walkRange(Object dot, BranchNode r) {
        int outer = vars.size();
        try {
            at(r.line(), r.pipe());
            Object v = evalPipeline(dot, r.pipe());
            int mark = vars.size();
            boolean any = switch (v) {
                case null -> false;
                case GoValue.Nil n -> false;
                case List<?> list -> {
                    for (int i = 0; i < list.size(); i++) {
                        if (!iteration(r, mark, (long) i, list.get(i))) {
                            break;
                        }
                    }
                    yield !list.isEmpty();
                }
                case Map<?, ?> map -> {
                    for (Map.Entry<?, ?> e : GoValue.sortedEntries(map)) {
                        if (!iteration(r, mark, e.getKey(), e.getValue())) {
                            break;
                        }
                    }
                    yield !map.isEmpty();
                }
                case Long count -> {
                    if (r.pipe().decl().size() > 1) {
                        throw error("can't use " + count + " to iterate over more than one variable");
                    }
                    for (long i = 0; i < count; i++) {
                        if (!iteration(r, mark, i, i)) {
                            break;
                        }
                    }
                    yield count > 0;
                }
                default -> throw error("range can't iterate over " + GoFormat.print(v));
            };
            if (!any && r.elseList() != null) {
                walk(dot, r.elseList());
            }
        } finally {
            pop(outer);
        }
    }

    /** One pass of a range body; false when it ended with {{break}}. */
    private boolean iteration(BranchNode r, int mark, Object index, Object elem) {
        List<VariableNode> decl = r.pipe().decl();
        if (!decl.isEmpty()) {
            if (r.pipe().isAssign()) {
                if (decl.size() > 1) {
                    setVar(decl.get(0).ident().getFirst(), index);
                    setVar(decl.get(1).ident().getFirst(), elem);
                } else {
                    setVar(decl.get(0).ident().getFirst(), elem);
                }
            } else {
                setTopVar(1, elem);
                if (decl.size() > 1) {
                    setTopVar(2, index);
                }
            }
        }
        try {
            walk(elem, r.list());
        } catch (Continue c) {
            // next iteration
        } catch (Break b) {
            return false;
        } finally {
            pop(mark);
        }
        return true;
    }

    private void walkTemplate(Object dot, TemplateNode t) {
        at(t.line(), t);
        ListNode body = template.defined(t.name());
        if (body == null) {
            throw error("template " + GoFormat.quote(t.name()) + " not defined");
        }
        if (depth >= MAX_DEPTH) {
            throw error("exceeded maximum template depth (" + MAX_DEPTH + ")");
        }
        Object newDot = t.pipe() == null ? null : evalPipeline(dot, t.pipe());
        new Executor(template, out, newDot, depth + 1).walk(newDot, body);
    }

    private Object evalPipeline(Object dot, PipeNode pipe) {
        Object value = Missing.VALUE;
        for (CommandNode cmd : pipe.cmds()) {
            value = evalCommand(dot, cmd, value);
        }
        for (VariableNode v : pipe.decl()) {
            if (pipe.isAssign()) {
                setVar(v.ident().getFirst(), value);
            } else {
                vars.add(new Variable(v.ident().getFirst(), value));
            }
        }
        return value;
    }

    /** The absent "final" argument of the first command of a pipeline. */
    private enum Missing { VALUE }

    private Object evalCommand(Object dot, CommandNode cmd, Object fin) {
        Node first = cmd.args().getFirst();
        node = first.toString();
        switch (first) {
            case FieldNode f:
                return evalFieldChain(dot, dot, f, f.ident(), cmd.args(), fin);
            case ChainNode c:
                return evalChain(dot, c, cmd.args(), fin);
            case IdentifierNode id:
                return evalFunction(dot, id.name(), cmd.args(), fin);
            case PipeNode p:
                notAFunction(cmd.args(), fin);
                return evalPipeline(dot, p);
            case VariableNode v:
                return evalVariable(dot, v, cmd.args(), fin);
            default:
                break;
        }
        notAFunction(cmd.args(), fin);
        return switch (first) {
            case BoolNode b -> b.value();
            case DotNode d -> dot;
            case NilNode n -> throw error("nil is not a command");
            case NumberNode num -> num.value();
            case StringNode s -> s.text();
            default -> throw error("can't evaluate command " + GoFormat.quote(first.toString()));
        };
    }

    private void notAFunction(List<Node> args, Object fin) {
        if (args.size() > 1 || fin != Missing.VALUE) {
            throw error("can't give argument to non-function " + args.getFirst());
        }
    }

    private Object evalChain(Object dot, ChainNode chain, List<Node> args, Object fin) {
        if (chain.field().isEmpty()) {
            throw error("internal error: no fields in evalChain");
        }
        if (chain.node() instanceof NilNode) {
            throw error("indirection through explicit nil in " + chain);
        }
        Object pipe = evalArg(dot, chain.node());
        return evalFieldChain(dot, pipe, chain, chain.field(), args, fin);
    }

    private Object evalVariable(Object dot, VariableNode v, List<Node> args, Object fin) {
        Object value = varValue(v.ident().getFirst());
        if (v.ident().size() == 1) {
            notAFunction(args, fin);
            return value;
        }
        return evalFieldChain(dot, value, v, v.ident().subList(1, v.ident().size()), args, fin);
    }

    private Object evalFieldChain(Object dot, Object receiver, Node node, List<String> idents, List<Node> args, Object fin) {
        int n = idents.size();
        for (int i = 0; i < n - 1; i++) {
            receiver = evalField(dot, idents.get(i), node, List.of(), Missing.VALUE, receiver);
        }
        return evalField(dot, idents.get(n - 1), node, args, fin, receiver);
    }

    private Object evalField(Object dot, String field, Node node, List<Node> args, Object fin, Object receiver) {
        boolean hasArgs = args.size() > 1 || fin != Missing.VALUE;
        if (receiver == null) {
            throw error("nil pointer evaluating interface {}." + field);
        }
        Object value;
        switch (receiver) {
            case GoValue.Nil nil -> throw error("nil pointer evaluating " + nil.goTypeName() + "." + field);
            case GoValue.Struct s -> {
                try {
                    value = s.field(field);
                } catch (NoSuchFieldError e) {
                    throw error("can't evaluate field " + field + " in type " + s.goTypeName());
                }
            }
            case GoValue.Stringer st when field.equals("String") -> value = (GoValue.Function) a -> st.goString();
            case Map<?, ?> map -> {
                if (hasArgs) {
                    throw error(field + " is not a method but has arguments");
                }
                return map.get(field);
            }
            default -> throw error("can't evaluate field " + field + " in type " + GoValue.typeName(receiver));
        }
        if (value instanceof GoValue.Function fn) {
            return callFunction(dot, field, fn, args, fin);
        }
        if (hasArgs) {
            throw error(field + " has arguments but cannot be invoked as function");
        }
        return value;
    }

    private Object evalFunction(Object dot, String name, List<Node> args, Object fin) {
        GoValue.Function fn = template.function(name);
        if (fn == null) {
            throw error(GoFormat.quote(name) + " is not a defined function");
        }
        if (template.isBuiltin(name) && (name.equals("and") || name.equals("or"))) {
            return andOr(dot, name.equals("and"), args, fin);
        }
        return callFunction(dot, name, fn, args, fin);
    }

    private Object andOr(Object dot, boolean and, List<Node> args, Object fin) {
        int n = args.size() - 1 + (fin == Missing.VALUE ? 0 : 1);
        if (n < 1) {
            throw error("wrong number of args for " + (and ? "and" : "or") + ": want at least 1 got 0");
        }
        Object v = null;
        for (int i = 1; i <= n; i++) {
            v = i < args.size() ? evalArg(dot, args.get(i)) : fin;
            if (GoValue.truth(v) != and) {
                return v;
            }
        }
        return v;
    }

    private Object callFunction(Object dot, String name, GoValue.Function fn, List<Node> args, Object fin) {
        List<Object> values = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            values.add(evalArg(dot, args.get(i)));
        }
        if (fin != Missing.VALUE) {
            values.add(fin);
        }
        try {
            return fn.call(values);
        } catch (GoTemplateException e) {
            throw error("error calling " + name + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw error("error calling " + name + ": " + e);
        }
    }

    private Object evalArg(Object dot, Node n) {
        node = n.toString();
        return switch (n) {
            case DotNode d -> dot;
            case NilNode nil -> null;
            case FieldNode f -> evalFieldChain(dot, dot, f, f.ident(), List.of(n), Missing.VALUE);
            case VariableNode v -> evalVariable(dot, v, List.of(n), Missing.VALUE);
            case PipeNode p -> evalPipeline(dot, p);
            case IdentifierNode id -> evalFunction(dot, id.name(), List.of(n), Missing.VALUE);
            case ChainNode c -> evalChain(dot, c, List.of(n), Missing.VALUE);
            case BoolNode b -> b.value();
            case NumberNode num -> num.value();
            case StringNode s -> s.text();
            default -> throw error("can't handle " + n + " for arg");
        };
    }

    private void printValue(Object v) {
        if (v instanceof GoValue.Function) {
            throw error("can't print " + node + " of type func");
        }
        out.append(GoFormat.print(v == Missing.VALUE ? null : v));
    }

    private Object varValue(String name) {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).name().equals(name)) {
                return vars.get(i).value();
            }
        }
        throw error("undefined variable: " + name);
    }

    private void setVar(String name, Object value) {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).name().equals(name)) {
                vars.set(i, new Variable(name, value));
                return;
            }
        }
        throw error("undefined variable: " + name);
    }

    private void setTopVar(int n, Object value) {
        int i = vars.size() - n;
        vars.set(i, new Variable(vars.get(i).name(), value));
    }

    private void pop(int mark) {
        while (vars.size() > mark) {
            vars.removeLast();
        }
    }

    private void at(int line, Node n) {
        this.line = line;
        this.node = n.toString();
    }

    private GoTemplateException error(String message) {
        String name = template.name();
        return new GoTemplateException("template: " + name + ":" + line + ": executing " + GoFormat.quote(name)
                + " at <" + node + ">: " + message);
    }
}
