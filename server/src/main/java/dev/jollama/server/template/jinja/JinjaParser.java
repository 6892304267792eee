package dev.jollama.server.template.jinja;

import dev.jollama.server.template.jinja.JinjaLexer.Kind;
import dev.jollama.server.template.jinja.JinjaLexer.Token;
import dev.jollama.server.template.jinja.JinjaNode.*;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;


/** Recursive-descent parser with the reference implementation's grammar and operator precedence. */
final class JinjaParser {

    private final List<Token> tokens;
    private int pos;

    private JinjaParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static List<JinjaNode> parse(String template) {
        JinjaParser p = new JinjaParser(JinjaLexer.tokenize(template));
        List<JinjaNode> program = new ArrayList<>();
        while (p.pos < p.tokens.size()) {
            program.add(p.any());
        }
        return program;
    }

    private Token peek(int ahead) {
        int i = pos + ahead;
        return i < tokens.size() ? tokens.get(i) : null;
    }

    private boolean is(Kind kind) {
        Token t = peek(0);
        return t != null && t.kind() == kind;
    }

    private boolean isIdentifier(String... names) {
        for (int i = 0; i < names.length; i++) {
            Token t = peek(i);
            if (t == null || t.kind() != Kind.IDENTIFIER || !t.value().equals(names[i])) {
                return false;
            }
        }
        return true;
    }

    private boolean isStatement(String... names) {
        Token open = peek(0), name = peek(1);
        return open != null && open.kind() == Kind.OPEN_STATEMENT && name != null && name.kind() == Kind.IDENTIFIER
                && List.of(names).contains(name.value());
    }

    private Token expect(Kind kind, String what) {
        Token t = peek(0);
        pos++;
        if (t == null || t.kind() != kind) {
            throw new JinjaException("Parser Error: " + what + ". " + (t == null ? "EOF" : t.kind()) + " !== " + kind + ".");
        }
        return t;
    }

    private void expectIdentifier(String name) {
        if (!isIdentifier(name)) {
            throw new JinjaException("Expected " + name);
        }
        pos++;
    }

    private void expectEnd(String name) {
        expect(Kind.OPEN_STATEMENT, "Expected {% token");
        expectIdentifier(name);
        expect(Kind.CLOSE_STATEMENT, "Expected %} token");
    }

    private JinjaNode any() {
        Token t = peek(0);
        return switch (t.kind()) {
            case COMMENT -> {
                pos++;
                yield new Comment(t.value());
            }
            case TEXT -> {
                pos++;
                yield new Text(t.value());
            }
            case OPEN_STATEMENT -> statement();
            case OPEN_EXPRESSION -> {
                pos++;
                JinjaNode e = expression();
                expect(Kind.CLOSE_EXPRESSION, "Expected closing expression token");
                yield e;
            }
            default -> throw new JinjaException("Unexpected token type: " + t.kind());
        };
    }

    private List<JinjaNode> until(String... names) {
        List<JinjaNode> body = new ArrayList<>();
        while (!isStatement(names)) {
            if (pos >= tokens.size()) {
                throw new JinjaException("Unexpected end of template: expected " + String.join(" or ", names));
            }
            body.add(any());
        }
        return body;
    }

    private JinjaNode statement() {
        expect(Kind.OPEN_STATEMENT, "Expected opening statement token");
        Token t = peek(0);
        if (t == null || t.kind() != Kind.IDENTIFIER) {
            throw new JinjaException("Unknown statement, got " + (t == null ? "EOF" : t.kind()));
        }
        pos++;
        switch (t.value()) {
            case "set": {
                return set();
            }
            case "if": {
                JinjaNode n = ifStatement();
                expectEnd("endif");
                return n;
            }
            case "macro": {
                JinjaNode name = primary();
                if (!(name instanceof Identifier id)) {
                    throw new JinjaException("Expected identifier following macro statement");
                }
                List<JinjaNode> params = args(true);
                expect(Kind.CLOSE_STATEMENT, "Expected closing statement token");
                List<JinjaNode> body = until("endmacro");
                expectEnd("endmacro");
                return new Macro(id.name(), params, body, JinjaMacros.mentions(body, "kwargs"), JinjaMacros.mentions(body, "varargs"));
            }
            case "for": {
                JinjaNode n = forStatement();
                expectEnd("endfor");
                return n;
            }
            case "call": {
                List<JinjaNode> callerParams = is(Kind.OPEN_PAREN) ? args(true) : List.of();
                JinjaNode callee = primary();
                if (!(callee instanceof Identifier)) {
                    throw new JinjaException("Expected identifier following call statement");
                }
                List<JinjaNode> callArgs = args(false);
                expect(Kind.CLOSE_STATEMENT, "Expected closing statement token");
                List<JinjaNode> body = until("endcall");
                expectEnd("endcall");
                return new CallBlock(new Call(callee, callArgs), callerParams, body,
                        JinjaMacros.mentions(body, "kwargs"), JinjaMacros.mentions(body, "varargs"));
            }
            case "break": {
                expect(Kind.CLOSE_STATEMENT, "Expected closing statement token");
                return new Break();
            }
            case "continue": {
                expect(Kind.CLOSE_STATEMENT, "Expected closing statement token");
                return new Continue();
            }
            case "filter": {
                JinjaNode filter = primary();
                if (filter instanceof Identifier && is(Kind.OPEN_PAREN)) {
                    filter = call(filter);
                }
                expect(Kind.CLOSE_STATEMENT, "Expected closing statement token");
                List<JinjaNode> body = until("endfilter");
                expectEnd("endfilter");
                return new FilterBlock(filter, body);
            }
            default:
                throw new JinjaException("Unknown statement type: " + t.value());
        }
    }

    private JinjaNode set() {
        JinjaNode target = sequence(false);
        if (is(Kind.EQUALS)) {
            pos++;
            JinjaNode value = sequence(false);
            expect(Kind.CLOSE_STATEMENT, "Expected closing statement token");
            return new JinjaNode.Set(target, value, List.of());
        }
        expect(Kind.CLOSE_STATEMENT, "Expected %} token");
        List<JinjaNode> body = until("endset");
        expect(Kind.OPEN_STATEMENT, "Expected {% token");
        expectIdentifier("endset");
        expect(Kind.CLOSE_STATEMENT, "Expected closing statement token");
        return new JinjaNode.Set(target, null, body);
    }

    private JinjaNode ifStatement() {
        JinjaNode test = expression();
        expect(Kind.CLOSE_STATEMENT, "Expected closing statement token");
        List<JinjaNode> body = until("elif", "else", "endif");
        List<JinjaNode> orElse = new ArrayList<>();
        if (isStatement("elif")) {
            pos += 2;
            orElse.add(ifStatement());
        } else if (isStatement("else")) {
            pos += 2;
            expect(Kind.CLOSE_STATEMENT, "Expected closing statement token");
            orElse.addAll(until("endif"));
        }
        return new If(test, body, orElse);
    }

    private JinjaNode forStatement() {
        JinjaNode target = sequence(true);
        if (!(target instanceof Identifier || target instanceof TupleLiteral)) {
            throw new JinjaException("Expected identifier/tuple for the loop variable");
        }
        if (!isIdentifier("in")) {
            throw new JinjaException("Expected `in` keyword following loop variable");
        }
        pos++;
        JinjaNode iterable = expression();
        JinjaNode filter = null;
        if (iterable instanceof Select s) {
            iterable = s.value();
            filter = s.test();
        }
        expect(Kind.CLOSE_STATEMENT, "Expected closing statement token");
        List<JinjaNode> body = until("endfor", "else");
        List<JinjaNode> orElse = List.of();
        if (isStatement("else")) {
            pos += 2;
            expect(Kind.CLOSE_STATEMENT, "Expected closing statement token");
            orElse = until("endfor");
        }
        return new For(target, iterable, filter, body, orElse);
    }

    private JinjaNode sequence(boolean primaryOnly) {
        List<JinjaNode> items = new ArrayList<>();
        items.add(primaryOnly ? primary() : expression());
        boolean tuple = is(Kind.COMMA);
        while (tuple) {
            pos++;
            items.add(primaryOnly ? primary() : expression());
            if (!is(Kind.COMMA)) {
                break;
            }
        }
        return tuple ? new TupleLiteral(items) : items.getFirst();
    }

    private JinjaNode expression() {
        JinjaNode a = or();
        if (isIdentifier("if")) {
            pos++;
            JinjaNode test = or();
            if (isIdentifier("else")) {
                pos++;
                return new Ternary(test, a, expression());
            }
            return new Select(a, test);
        }
        return a;
    }

    private JinjaNode or() {
        JinjaNode left = and();
        while (isIdentifier("or")) {
            pos++;
            left = new Binary("or", left, and());
        }
        return left;
    }

    private JinjaNode and() {
        JinjaNode left = not();
        while (isIdentifier("and")) {
            pos++;
            left = new Binary("and", left, not());
        }
        return left;
    }

    private JinjaNode not() {
        if (isIdentifier("not")) {
            pos++;
            return new Unary("not", not());
        }
        return comparison();
    }

    private JinjaNode comparison() {
        JinjaNode left = additive();
        while (true) {
            String op;
            if (isIdentifier("not", "in")) {
                op = "not in";
                pos += 2;
            } else if (isIdentifier("in")) {
                op = "in";
                pos++;
            } else if (is(Kind.COMPARISON)) {
                op = peek(0).value();
                pos++;
            } else {
                return left;
            }
            left = new Binary(op, left, additive());
        }
    }

    private JinjaNode additive() {
        JinjaNode left = multiplicative();
        while (is(Kind.ADDITIVE)) {
            String op = peek(0).value();
            pos++;
            left = new Binary(op, left, multiplicative());
        }
        return left;
    }

    private JinjaNode multiplicative() {
        JinjaNode left = power();
        while (is(Kind.MULTIPLICATIVE)) {
            String op = peek(0).value();
            pos++;
            left = new Binary(op, left, power());
        }
        return left;
    }

    private JinjaNode power() {
        JinjaNode left = test();
        while (is(Kind.POWER)) {
            pos++;
            left = new Binary("**", left, test());
        }
        return left;
    }

    private JinjaNode test() {
        JinjaNode operand = filter();
        while (isIdentifier("is")) {
            pos++;
            boolean negate = isIdentifier("not");
            if (negate) {
                pos++;
            }
            JinjaNode name = primary();
            if (!(name instanceof Identifier id)) {
                throw new JinjaException("Expected identifier for the test");
            }
            operand = new Test(operand, negate, id.name());
        }
        return operand;
    }

    private JinjaNode filter() {
        JinjaNode operand = unarySign();
        while (is(Kind.PIPE)) {
            pos++;
            JinjaNode f = primary();
            if (!(f instanceof Identifier)) {
                throw new JinjaException("Expected identifier for the filter");
            }
            if (is(Kind.OPEN_PAREN)) {
                f = call(f);
            }
            operand = new Filter(operand, f);
        }
        return operand;
    }

    private JinjaNode unarySign() {
        Token t = peek(0);
        if (t != null && (t.kind() == Kind.UNARY || t.kind() == Kind.ADDITIVE) && (t.value().equals("-") || t.value().equals("+"))) {
            pos++;
            return new Unary(t.value(), unarySign());
        }
        JinjaNode member = member(primary());
        return is(Kind.OPEN_PAREN) ? call(member) : member;
    }

    private JinjaNode call(JinjaNode callee) {
        JinjaNode expr = member(new Call(callee, args(false)));
        return is(Kind.OPEN_PAREN) ? call(expr) : expr;
    }

    /** A call's arguments or a macro's parameters, in parentheses. */
    private List<JinjaNode> args(boolean parameters) {
        expect(Kind.OPEN_PAREN, "Expected opening parenthesis for arguments list");
        List<JinjaNode> args = new ArrayList<>();
        java.util.Set<String> names = new HashSet<>();
        boolean sawKeyword = false, sawSpread = false;
        while (!is(Kind.CLOSE_PAREN)) {
            boolean keywordSpread = is(Kind.POWER);
            boolean spread = is(Kind.MULTIPLICATIVE) && peek(0).value().equals("*");
            if (parameters && (keywordSpread || spread)) {
                throw new JinjaException("Argument unpacking is not allowed in parameter declarations");
            }
            if (keywordSpread) {
                pos++;
                args.add(new KeywordSpread(expression()));
                if (is(Kind.COMMA)) {
                    pos++;
                }
                if (!is(Kind.CLOSE_PAREN)) {
                    throw new JinjaException("Expected closing parenthesis: `**` must be applied to the final argument");
                }
                break;
            }
            JinjaNode arg;
            if (spread) {
                if (sawSpread) {
                    throw new JinjaException("Only one `*` argument unpacking is allowed");
                }
                sawSpread = true;
                pos++;
                arg = new Spread(expression());
            } else {
                arg = expression();
                if (is(Kind.EQUALS)) {
                    pos++;
                    if (!(arg instanceof Identifier id)) {
                        throw new JinjaException(parameters ? "Expected identifier for parameter declaration"
                                : "Expected identifier for keyword argument");
                    }
                    arg = new KeywordArg(id.name(), expression());
                }
                if (parameters) {
                    String name = arg instanceof Identifier id ? id.name() : arg instanceof KeywordArg k ? k.name() : null;
                    if (name == null) {
                        throw new JinjaException("Expected identifier for parameter declaration");
                    }
                    if (!names.add(name)) {
                        throw new JinjaException("Duplicate parameter name: " + name);
                    }
                }
                if (arg instanceof KeywordArg) {
                    sawKeyword = true;
                } else if (sawKeyword) {
                    throw new JinjaException(parameters ? "Non-default argument follows default argument"
                            : "Positional arguments must come before keyword arguments");
                } else if (sawSpread) {
                    throw new JinjaException("Positional arguments must not follow `*` argument unpacking");
                }
            }
            args.add(arg);
            if (is(Kind.COMMA)) {
                pos++;
            }
        }
        expect(Kind.CLOSE_PAREN, "Expected closing parenthesis for arguments list");
        return args;
    }

    private JinjaNode member(JinjaNode object) {
        while (is(Kind.DOT) || is(Kind.OPEN_BRACKET)) {
            boolean computed = is(Kind.OPEN_BRACKET);
            pos++;
            JinjaNode property;
            if (computed) {
                property = subscript();
                expect(Kind.CLOSE_BRACKET, "Expected closing square bracket");
            } else {
                property = primary();
                if (!(property instanceof Identifier) && !(property instanceof Literal l && l.value() instanceof Long)) {
                    throw new JinjaException("Expected identifier or integer following dot operator");
                }
            }
            object = new Member(object, property, computed);
        }
        return object;
    }

    /** {@code [x]} or a slice {@code [a:b:c]} with any part left out. */
    private JinjaNode subscript() {
        List<JinjaNode> parts = new ArrayList<>();
        boolean slice = false;
        while (!is(Kind.CLOSE_BRACKET)) {
            if (is(Kind.COLON)) {
                parts.add(null);
                pos++;
                slice = true;
            } else {
                parts.add(expression());
                if (is(Kind.COLON)) {
                    pos++;
                    slice = true;
                }
            }
        }
        if (parts.isEmpty()) {
            throw new JinjaException("Expected at least one argument for member/slice expression");
        }
        if (!slice) {
            return parts.getFirst();
        }
        if (parts.size() > 3) {
            throw new JinjaException("Expected 0-3 arguments for slice expression");
        }
        return new Slice(parts.get(0), parts.size() > 1 ? parts.get(1) : null, parts.size() > 2 ? parts.get(2) : null);
    }

    private JinjaNode primary() {
        Token t = peek(0);
        if (t == null) {
            throw new JinjaException("Unexpected end of template");
        }
        pos++;
        switch (t.kind()) {
            case NUMBER: {
                String num = t.value();
                return new Literal(num.contains(".") ? (Object) Double.parseDouble(num) : (Object) Long.parseLong(num));
            }
            case STRING: {
                StringBuilder s = new StringBuilder(t.value());
                while (is(Kind.STRING)) {
                    s.append(peek(0).value());
                    pos++;
                }
                return new Literal(s.toString());
            }
            case IDENTIFIER:
                return new Identifier(t.value());
            case OPEN_PAREN: {
                JinjaNode e = sequence(false);
                expect(Kind.CLOSE_PAREN, "Expected closing parenthesis");
                return e;
            }
            case OPEN_BRACKET: {
                List<JinjaNode> items = new ArrayList<>();
                while (!is(Kind.CLOSE_BRACKET)) {
                    items.add(expression());
                    if (is(Kind.COMMA)) {
                        pos++;
                    }
                }
                pos++;
                return new ListLiteral(items);
            }
            case OPEN_CURLY: {
                List<Map.Entry<JinjaNode, JinjaNode>> entries = new ArrayList<>();
                while (!is(Kind.CLOSE_CURLY)) {
                    JinjaNode key = expression();
                    expect(Kind.COLON, "Expected colon between key and value in object literal");
                    entries.add(new AbstractMap.SimpleImmutableEntry<>(key, expression()));
                    if (is(Kind.COMMA)) {
                        pos++;
                    }
                }
                pos++;
                return new DictLiteral(entries);
            }
            default:
                throw new JinjaException("Unexpected token: " + t.kind());
        }
    }
}
