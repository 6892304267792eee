package dev.jollama.server.template.gotmpl;

import java.util.List;
import java.util.stream.Collectors;

/** The parse tree of a Go template, shaped like Go's text/template/parse nodes; {@code toString} prints as Go does. */
public sealed interface Node {

    /** A sequence of nodes: a template body or a branch of a control structure. */
    record ListNode(List<Node> nodes) implements Node {
        public ListNode {
            nodes = List.copyOf(nodes);
        }

        @Override
        public String toString() {
            return nodes.stream().map(Node::toString).collect(Collectors.joining());
        }
    }

    /** Plain text copied to the output. */
    record TextNode(String text) implements Node {
        @Override
        public String toString() {
            return text;
        }
    }

    /** {@code {{pipeline}}}: evaluates and prints. */
    record ActionNode(int line, PipeNode pipe) implements Node {
        @Override
        public String toString() {
            return "{{" + pipe + "}}";
        }
    }

    enum BranchKind { IF, RANGE, WITH }

    /** {@code if}, {@code range} or {@code with}, each with an optional else list. */
    record BranchNode(BranchKind kind, int line, PipeNode pipe, ListNode list, ListNode elseList) implements Node {
        @Override
        public String toString() {
            String name = kind.name().toLowerCase();
            return "{{" + name + " " + pipe + "}}" + list + (elseList == null ? "" : "{{else}}" + elseList) + "{{end}}";
        }
    }

    /** {@code {{template "name" pipeline}}}; the pipeline may be null. */
    record TemplateNode(int line, String name, PipeNode pipe) implements Node {
        @Override
        public String toString() {
            return "{{template " + GoFormat.quote(name) + (pipe == null ? "" : " " + pipe) + "}}";
        }
    }

    record BreakNode(int line) implements Node {
        @Override
        public String toString() {
            return "{{break}}";
        }
    }

    record ContinueNode(int line) implements Node {
        @Override
        public String toString() {
            return "{{continue}}";
        }
    }

    /** Commands joined by {@code |}, optionally declaring ({@code :=}) or assigning ({@code =}) variables. */
    record PipeNode(int line, boolean isAssign, List<VariableNode> decl, List<CommandNode> cmds) implements Node {
        public PipeNode {
            decl = List.copyOf(decl);
            cmds = List.copyOf(cmds);
        }

        @Override
        public String toString() {
            String vars = decl.isEmpty() ? ""
                    : decl.stream().map(Node::toString).collect(Collectors.joining(", ")) + (isAssign ? " = " : " := ");
            return vars + cmds.stream().map(Node::toString).collect(Collectors.joining(" | "));
        }
    }

    /** One command: a function, field, variable or constant, with arguments. */
    record CommandNode(List<Node> args) implements Node {
        public CommandNode {
            args = List.copyOf(args);
        }

        @Override
        public String toString() {
            return args.stream().map(a -> a instanceof PipeNode ? "(" + a + ")" : a.toString())
                    .collect(Collectors.joining(" "));
        }
    }

    /** {@code .A.B}: field chain starting at dot. */
    record FieldNode(List<String> ident) implements Node {
        public FieldNode {
            ident = List.copyOf(ident);
        }

        @Override
        public String toString() {
            return ident.stream().map(i -> "." + i).collect(Collectors.joining());
        }
    }

    /** {@code $x.A.B}: a variable, then an optional field chain; ident.get(0) is the variable name with {@code $}. */
    record VariableNode(List<String> ident) implements Node {
        public VariableNode {
            ident = List.copyOf(ident);
        }

        @Override
        public String toString() {
            return String.join(".", ident);
        }
    }

    /** {@code (pipeline).A.B}: fields applied to a term that is not dot or a variable. */
    record ChainNode(Node node, List<String> field) implements Node {
        public ChainNode {
            field = List.copyOf(field);
        }

        @Override
        public String toString() {
            String base = node instanceof PipeNode ? "(" + node + ")" : node.toString();
            return base + field.stream().map(f -> "." + f).collect(Collectors.joining());
        }
    }

    /** A function name. */
    record IdentifierNode(String name) implements Node {
        @Override
        public String toString() {
            return name;
        }
    }

    record DotNode() implements Node {
        @Override
        public String toString() {
            return ".";
        }
    }

    record NilNode() implements Node {
        @Override
        public String toString() {
            return "nil";
        }
    }

    record BoolNode(boolean value) implements Node {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /** A numeric constant; {@code value} is a Long (int) or a Double (float64), as Go's idealConstant decides. */
    record NumberNode(String text, Object value) implements Node {
        @Override
        public String toString() {
            return text;
        }
    }

    /** A string constant; {@code quoted} is the source form. */
    record StringNode(String quoted, String text) implements Node {
        @Override
        public String toString() {
            return quoted;
        }
    }
}
