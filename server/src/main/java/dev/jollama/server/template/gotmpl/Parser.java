package dev.jollama.server.template.gotmpl;

import dev.jollama.server.template.gotmpl.Lexer.Kind;
import dev.jollama.server.template.gotmpl.Lexer.Token;
import dev.jollama.server.template.gotmpl.Node.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Recursive-descent parser from tokens to {@link Node} trees, with Go's checks (declared variables, known functions). */
final class Parser {

    /** What one parse yields: the root body and every {@code define}/{@code block} by name. */
    record Parsed(ListNode root, Map<String, ListNode> defined) {
    }

    private final String name;
    private final List<Token> tokens;
    private final Set<String> functions;
    private final Map<String, ListNode> defined = new LinkedHashMap<>();
    private final List<String> vars = new ArrayList<>(List.of("$"));
    private int pos;
    private int rangeDepth;

    private Parser(String name, List<Token> tokens, Set<String> functions) {
        this.name = name;
        this.tokens = tokens;
        this.functions = functions;
    }

    static Parsed parse(String name, String source, Set<String> functions) {
        Parser p = new Parser(name, Lexer.lex(name, source), functions);
        ListNode root = p.parseRoot();
        return new Parsed(root, p.defined);
    }

    private ListNode parseRoot() {
        List<Node> nodes = new ArrayList<>();
        while (peek().kind() != Kind.EOF) {
            if (peek().kind() == Kind.LEFT_DELIM) {
                int mark = pos;
                next();
                Token t = nextNonSpace();
                if (t.kind() == Kind.KEYWORD && t.text().equals("define")) {
                    parseDefinition();
                    continue;
                }
                pos = mark;
            }
            Object n = textOrActionOrMarker();
            if (n instanceof Marker m) {
                throw error("unexpected " + m);
            }
            nodes.add((Node) n);
        }
        return new ListNode(nodes);
    }

    /** {@code {{end}}} and {@code {{else}}} close lists; they never reach the tree. */
    private record Marker(String text, boolean isElse) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** A Node, or a Marker where a list ends. */
    private Object textOrActionOrMarker() {
        Token t = nextNonSpace();
        return switch (t.kind()) {
            case TEXT -> new TextNode(t.text());
            case LEFT_DELIM -> actionOrMarker();
            default -> throw unexpected(t, "input");
        };
    }

    private Object actionOrMarker() {
        Token t = nextNonSpace();
        if (t.kind() == Kind.KEYWORD) {
            switch (t.text()) {
                case "block": return blockControl();
                case "break": return loopControl("break", new BreakNode(t.line()));
                case "continue": return loopControl("continue", new ContinueNode(t.line()));
                case "else": return elseControl();
                case "end":
                    expect(Kind.RIGHT_DELIM, "end");
                    return new Marker("{{end}}", false);
                case "if": return control(BranchKind.IF, "if");
                case "range": return control(BranchKind.RANGE, "range");
                case "template": return templateControl();
                case "with": return control(BranchKind.WITH, "with");
                default: throw unexpected(t, "command");
            }
        }
        pos--;
        Token start = peek();
        return new ActionNode(start.line(), pipeline("command", Kind.RIGHT_DELIM));
    }

    private record ListAndEnd(ListNode list, Marker end) {
    }

    private ListAndEnd itemList() {
        List<Node> nodes = new ArrayList<>();
        while (peekNonSpace().kind() != Kind.EOF) {
            Object n = textOrActionOrMarker();
            if (n instanceof Marker m) {
                return new ListAndEnd(new ListNode(nodes), m);
            }
            nodes.add((Node) n);
        }
        throw error("unexpected EOF");
    }

    private BranchNode control(BranchKind kind, String context) {
        int mark = vars.size();
        try {
            int line = peek().line();
            PipeNode pipe = pipeline(context, Kind.RIGHT_DELIM);
            if (kind == BranchKind.RANGE) {
                rangeDepth++;
            }
            ListAndEnd body = itemList();
            if (kind == BranchKind.RANGE) {
                rangeDepth--;
            }
            ListNode elseList = null;
            if (body.end().isElse()) {
                Token after = peekNonSpace();
                if ((kind == BranchKind.IF && isKeyword(after, "if")) || (kind == BranchKind.WITH && isKeyword(after, "with"))) {
                    // {{else if x}} is {{else}}{{if x}}...{{end}}{{end}} sharing one {{end}}
                    nextNonSpace();
                    elseList = new ListNode(List.of(control(kind, context)));
                } else {
                    ListAndEnd rest = itemList();
                    if (rest.end().isElse()) {
                        throw error("expected end; found " + rest.end());
                    }
                    elseList = rest.list();
                }
            }
            return new BranchNode(kind, line, pipe, body.list(), elseList);
        } finally {
            popVars(mark);
        }
    }

    private Marker elseControl() {
        Token after = peekNonSpace();
        if (isKeyword(after, "if") || isKeyword(after, "with")) {
            return new Marker("{{else}}", true);
        }
        expect(Kind.RIGHT_DELIM, "else");
        return new Marker("{{else}}", true);
    }

    private Node loopControl(String word, Node node) {
        if (rangeDepth == 0) {
            throw error("{{" + word + "}} outside {{range}}");
        }
        expect(Kind.RIGHT_DELIM, word);
        return node;
    }

    private TemplateNode templateControl() {
        Token t = nextNonSpace();
        int line = t.line();
        String templateName = templateName(t, "template clause");
        PipeNode pipe = null;
        if (nextNonSpace().kind() != Kind.RIGHT_DELIM) {
            pos--;
            pipe = pipeline("template clause", Kind.RIGHT_DELIM);
        }
        return new TemplateNode(line, templateName, pipe);
    }

    private TemplateNode blockControl() {
        Token t = nextNonSpace();
        String blockName = templateName(t, "block clause");
        PipeNode pipe = pipeline("block clause", Kind.RIGHT_DELIM);
        defineBody(blockName, "block clause");
        return new TemplateNode(t.line(), blockName, pipe);
    }

    private void parseDefinition() {
        String defName = templateName(nextNonSpace(), "define clause");
        expect(Kind.RIGHT_DELIM, "define clause");
        defineBody(defName, "define clause");
    }

    /** Parses a named template's body up to its {{end}}, in a scope of its own where only $ is declared. */
    private void defineBody(String templateName, String context) {
        List<String> saved = new ArrayList<>(vars);
        vars.clear();
        vars.add("$");
        ListAndEnd body = itemList();
        vars.clear();
        vars.addAll(saved);
        if (body.end().isElse()) {
            throw error("unexpected " + body.end() + " in " + context);
        }
        define(templateName, body.list());
    }

    private void define(String templateName, ListNode body) {
        ListNode existing = defined.get(templateName);
        if (existing != null && !isEmpty(existing) && !isEmpty(body)) {
            throw error("template: multiple definition of template " + GoFormat.quote(templateName));
        }
        if (existing == null || isEmpty(existing)) {
            defined.put(templateName, body);
        }
    }

    static boolean isEmpty(ListNode list) {
        for (Node n : list.nodes()) {
            if (!(n instanceof TextNode t) || !t.text().isBlank()) {
                return false;
            }
        }
        return true;
    }

    private String templateName(Token t, String context) {
        if (t.kind() == Kind.STRING || t.kind() == Kind.RAW_STRING) {
            return unquote(t);
        }
        throw unexpected(t, context);
    }

    private PipeNode pipeline(String context, Kind end) {
        int line = peekNonSpace().line();
        List<VariableNode> decl = new ArrayList<>();
        boolean isAssign = false;
        declarations:
        while (true) {
            Token v = peekNonSpace();
            if (v.kind() != Kind.VARIABLE) {
                break;
            }
            int mark = pos;
            nextNonSpace();
            Token after = peekNonSpace();
            if (after.kind() == Kind.ASSIGN || after.kind() == Kind.DECLARE) {
                nextNonSpace();
                isAssign = after.kind() == Kind.ASSIGN;
                decl.add(new VariableNode(List.of(v.text())));
                vars.add(v.text());
                break;
            } else if (after.kind() == Kind.COMMA) {
                nextNonSpace();
                decl.add(new VariableNode(List.of(v.text())));
                vars.add(v.text());
                if (context.equals("range") && decl.size() < 2) {
                    Kind k = peekNonSpace().kind();
                    if (k == Kind.VARIABLE || k == Kind.RIGHT_DELIM || k == Kind.RIGHT_PAREN) {
                        continue declarations;
                    }
                    throw error("range can only initialize variables");
                }
                throw error("too many declarations in " + context);
            } else {
                pos = mark;
                break;
            }
        }
        List<CommandNode> cmds = new ArrayList<>();
        while (true) {
            Token t = nextNonSpace();
            if (t.kind() == end) {
                checkPipeline(cmds, context);
                return new PipeNode(line, isAssign, decl, cmds);
            }
            switch (t.kind()) {
                case BOOL, CHAR, DOT, FIELD, IDENTIFIER, NUMBER, NIL, RAW_STRING, STRING, VARIABLE, LEFT_PAREN -> {
                    pos--;
                    cmds.add(command());
                }
                default -> throw unexpected(t, context);
            }
        }
    }

    private void checkPipeline(List<CommandNode> cmds, String context) {
        if (cmds.isEmpty()) {
            throw error("missing value for " + context);
        }
        for (int i = 1; i < cmds.size(); i++) {
            Node first = cmds.get(i).args().getFirst();
            if (first instanceof BoolNode || first instanceof DotNode || first instanceof NilNode
                    || first instanceof NumberNode || first instanceof StringNode) {
                throw error("non executable command in pipeline stage " + (i + 1));
            }
        }
    }

    private CommandNode command() {
        List<Node> args = new ArrayList<>();
        while (true) {
            peekNonSpace();
            Node operand = operand();
            if (operand != null) {
                args.add(operand);
            }
            Token t = next();
            if (t.kind() == Kind.SPACE) {
                continue;
            }
            if (t.kind() == Kind.RIGHT_DELIM || t.kind() == Kind.RIGHT_PAREN) {
                pos--;
            } else if (t.kind() != Kind.PIPE) {
                throw unexpected(t, "operand");
            }
            break;
        }
        if (args.isEmpty()) {
            throw error("empty command");
        }
        return new CommandNode(args);
    }

    private Node operand() {
        Node node = term();
        if (node == null || peek().kind() != Kind.FIELD) {
            return node;
        }
        List<String> fields = new ArrayList<>();
        while (peek().kind() == Kind.FIELD) {
            fields.add(next().text().substring(1));
        }
        return switch (node) {
            case FieldNode f -> new FieldNode(concat(f.ident(), fields));
            case VariableNode v -> new VariableNode(concat(v.ident(), fields));
            case BoolNode b -> throw error("unexpected . after term " + GoFormat.quote(b.toString()));
            case StringNode s -> throw error("unexpected . after term " + GoFormat.quote(s.toString()));
            case NumberNode n -> throw error("unexpected . after term " + GoFormat.quote(n.toString()));
            case NilNode n -> throw error("unexpected . after term " + GoFormat.quote(n.toString()));
            case DotNode d -> throw error("unexpected . after term " + GoFormat.quote(d.toString()));
            default -> new ChainNode(node, fields);
        };
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private Node term() {
        Token t = nextNonSpace();
        switch (t.kind()) {
            case IDENTIFIER:
                if (!functions.contains(t.text())) {
                    throw error("function " + GoFormat.quote(t.text()) + " not defined");
                }
                return new IdentifierNode(t.text());
            case DOT:
                return new DotNode();
            case NIL:
                return new NilNode();
            case VARIABLE:
                if (!vars.contains(t.text())) {
                    throw error("undefined variable " + GoFormat.quote(t.text()));
                }
                return new VariableNode(List.of(t.text()));
            case FIELD:
                return new FieldNode(List.of(t.text().substring(1)));
            case BOOL:
                return new BoolNode(t.text().equals("true"));
            case NUMBER:
            case CHAR:
                return number(t);
            case LEFT_PAREN:
                return pipeline("parenthesized pipeline", Kind.RIGHT_PAREN);
            case STRING:
            case RAW_STRING:
                return new StringNode(t.text(), unquote(t));
            default:
                pos--;
                return null;
        }
    }

    private NumberNode number(Token t) {
        String text = t.text();
        if (t.kind() == Kind.CHAR) {
            String body = GoFormat.unquote(text.substring(1, text.length() - 1), '\'');
            return new NumberNode(text, (long) body.codePointAt(0));
        }
        String clean = text.replace("_", "");
        try {
            boolean hex = clean.matches("[+-]?0[xX].*");
            if (!hex && clean.matches(".*[.eEpP].*")) {
                return new NumberNode(text, Double.parseDouble(clean));
            }
            if (clean.endsWith("i")) {
                throw error("complex constants are not supported: " + text);
            }
            String sign = clean.startsWith("-") ? "-" : "";
            String digits = clean.replaceFirst("^[+-]", "");
            int radix = 10;
            if (digits.matches("0[xX].*")) {
                radix = 16;
                digits = digits.substring(2);
            } else if (digits.matches("0[oO].*")) {
                radix = 8;
                digits = digits.substring(2);
            } else if (digits.matches("0[bB].*")) {
                radix = 2;
                digits = digits.substring(2);
            } else if (digits.length() > 1 && digits.startsWith("0")) {
                radix = 8;
            }
            return new NumberNode(text, Long.parseLong(sign + digits, radix));
        } catch (NumberFormatException e) {
            throw error("illegal number syntax: " + GoFormat.quote(text));
        }
    }

    private String unquote(Token t) {
        String text = t.text();
        if (t.kind() == Kind.RAW_STRING) {
            return text.substring(1, text.length() - 1).replace("\r", "");
        }
        try {
            return GoFormat.unquote(text.substring(1, text.length() - 1), '"');
        } catch (IllegalArgumentException e) {
            throw error("invalid syntax");
        }
    }

    private void popVars(int size) {
        while (vars.size() > size) {
            vars.removeLast();
        }
    }

    private static boolean isKeyword(Token t, String word) {
        return t.kind() == Kind.KEYWORD && t.text().equals(word);
    }

    private void expect(Kind kind, String context) {
        Token t = nextNonSpace();
        if (t.kind() != kind) {
            throw unexpected(t, context);
        }
    }

    private Token peek() {
        return tokens.get(Math.min(pos, tokens.size() - 1));
    }

    private Token next() {
        Token t = peek();
        pos++;
        return t;
    }

    private Token nextNonSpace() {
        Token t;
        do {
            t = next();
        } while (t.kind() == Kind.SPACE);
        return t;
    }

    private Token peekNonSpace() {
        int mark = pos;
        Token t = nextNonSpace();
        pos = mark;
        return t;
    }

    private GoTemplateException unexpected(Token t, String context) {
        return errorAt(t.line(), "unexpected " + t + " in " + context);
    }

    private GoTemplateException error(String message) {
        return errorAt(tokens.get(Math.clamp(pos - 1, 0, tokens.size() - 1)).line(), message);
    }

    private GoTemplateException errorAt(int line, String message) {
        return new GoTemplateException("template: " + name + ":" + line + ": " + message);
    }
}
