package dev.jollama.server.template;

import dev.jollama.server.template.gotmpl.GoTemplateException;
import dev.jollama.server.template.gotmpl.Node;
import dev.jollama.server.template.gotmpl.Node.*;

import java.util.ArrayList;
import java.util.List;

/**
 * What Ollama reads off a Go template's parse tree: the identifiers it mentions, the tree cut after
 * {@code {{ .Response }}}, the thinking tags around {@code .Thinking}, and the tool-call tag under
 * {@code {{ if .ToolCalls }}}.
 */
final class TemplateTrees {

    private TemplateTrees() {
    }

    /** Field and variable names used anywhere (as Ollama's Identifiers); a template call without data is an error. */
    static List<String> identifiers(Node n) {
        List<String> out = new ArrayList<>();
        collect(n, out);
        return out;
    }

    private static void collect(Node n, List<String> out) {
        switch (n) {
            case ListNode l -> l.nodes().forEach(c -> collect(c, out));
            case TemplateNode t -> {
                if (t.pipe() == null) {
                    throw new GoTemplateException("undefined template specified");
                }
                collect(t.pipe(), out);
            }
            case ActionNode a -> collect(a.pipe(), out);
            case BranchNode b -> {
                collect(b.pipe(), out);
                collect(b.list(), out);
                if (b.elseList() != null) {
                    collect(b.elseList(), out);
                }
            }
            case PipeNode p -> p.cmds().forEach(c -> c.args().forEach(a -> collect(a, out)));
            case FieldNode f -> out.addAll(f.ident());
            case VariableNode v -> out.addAll(v.ident());
            default -> {
            }
        }
    }

    /**
     * The tree with everything after the first {@code .Response} field removed (the field's own action stays), as
     * Ollama renders the last turn of a legacy template. Conditions of if/range/with are not searched.
     */
    static ListNode cutAfterResponse(ListNode root) {
        return (ListNode) new ResponseCut().walk(root);
    }

    private static final class ResponseCut {
        private boolean cut;

        /** Returns the node to keep, or null to delete it. */
        Node walk(Node n) {
            if (n instanceof FieldNode f && f.ident().contains("Response")) {
                cut = true;
                return n;
            }
            if (cut) {
                return null;
            }
            return switch (n) {
                case ListNode l -> {
                    List<Node> kept = new ArrayList<>();
                    for (Node c : l.nodes()) {
                        Node k = walk(c);
                        if (k != null) {
                            kept.add(k);
                        }
                    }
                    yield new ListNode(kept);
                }
                case BranchNode b -> {
                    ListNode list = (ListNode) walk(b.list());
                    ListNode elseList = b.elseList() == null ? null : (ListNode) walk(b.elseList());
                    yield new BranchNode(b.kind(), b.line(), b.pipe(), list == null ? new ListNode(List.of()) : list, elseList);
                }
                case ActionNode a -> {
                    PipeNode p = (PipeNode) walk(a.pipe());
                    yield p == null ? null : new ActionNode(a.line(), p);
                }
                case PipeNode p -> {
                    List<CommandNode> cmds = new ArrayList<>();
                    for (CommandNode c : p.cmds()) {
                        List<Node> args = new ArrayList<>();
                        for (Node a : c.args()) {
                            Node k = walk(a);
                            if (k != null) {
                                args.add(k);
                            }
                        }
                        if (args.isEmpty()) {
                            yield null;
                        }
                        cmds.add(new CommandNode(args));
                    }
                    yield cmds.isEmpty() ? null : new PipeNode(p.line(), p.isAssign(), p.decl(), cmds);
                }
                default -> n;
            };
        }
    }

    /**
     * Ollama's thinking-tag heuristic: find {@code .Thinking} inside a {@code range} over {@code .Messages}; the
     * innermost list holding it gives the opening tag (its first node, if text) and closing tag (its last node, if
     * text), trimmed. Returns {"", ""} when not found. Every occurrence is visited; the last one found wins.
     */
    static String[] thinkingTags(ListNode root) {
        String[] tags = {"", ""};
        visitThinking(root, new ArrayList<>(), tags);
        return tags;
    }

    private static void visitThinking(Node n, List<Node> ancestors, String[] tags) {
        ancestors.add(n);
        if (n instanceof FieldNode f && f.ident().getFirst().equals("Thinking")) {
            BranchNode range = null;
            for (int i = ancestors.size() - 1; i >= 0; i--) {
                if (ancestors.get(i) instanceof BranchNode b && b.kind() == BranchKind.RANGE) {
                    range = b;
                    break;
                }
            }
            if (range != null && mentionsField(range.pipe(), "Messages")) {
                for (int i = ancestors.size() - 1; i >= 0; i--) {
                    if (ancestors.get(i) instanceof ListNode l) {
                        if (l.nodes().getFirst() instanceof TextNode t) {
                            tags[0] = t.text().strip();
                        }
                        if (l.nodes().getLast() instanceof TextNode t) {
                            tags[1] = t.text().strip();
                        }
                        break;
                    }
                }
            }
        }
        for (Node c : children(n)) {
            visitThinking(c, ancestors, tags);
        }
        ancestors.removeLast();
    }

    private static boolean mentionsField(Node n, String field) {
        if (n instanceof FieldNode f && f.ident().getFirst().equals(field)) {
            return true;
        }
        for (Node c : children(n)) {
            if (mentionsField(c, field)) {
                return true;
            }
        }
        return false;
    }

    private static List<Node> children(Node n) {
        return switch (n) {
            case ListNode l -> l.nodes();
            case BranchNode b -> {
                List<Node> c = new ArrayList<>(List.of(b.pipe(), b.list()));
                if (b.elseList() != null) {
                    c.add(b.elseList());
                }
                yield c;
            }
            case ActionNode a -> List.of(a.pipe());
            case TemplateNode t -> t.pipe() == null ? List.of() : List.of(t.pipe());
            case PipeNode p -> new ArrayList<>(p.cmds());
            case CommandNode c -> c.args();
            default -> List.of();
        };
    }

    /**
     * Ollama's tool-call tag: the first non-blank text inside the first {@code {{ if .ToolCalls }}} (depth first,
     * not past an action), cut before any {@code {}, trimmed; "{" when there is none.
     */
    static String toolCallTag(ListNode root) {
        BranchNode ifNode = findToolCallsIf(root.nodes());
        if (ifNode == null) {
            return "{";
        }
        TextNode text = firstText(ifNode.list().nodes());
        if (text == null) {
            return "{";
        }
        String tag = text.text().replace("\r\n", "\n");
        int brace = tag.indexOf('{');
        if (brace >= 0) {
            tag = tag.substring(0, brace);
        }
        tag = tag.strip();
        return tag.isEmpty() ? "{" : tag;
    }

    private static BranchNode findToolCallsIf(List<Node> nodes) {
        for (Node n : nodes) {
            if (n instanceof BranchNode b) {
                if (b.kind() == BranchKind.IF && b.pipe().cmds().stream().flatMap(c -> c.args().stream())
                        .anyMatch(a -> a instanceof FieldNode f && f.ident().contains("ToolCalls"))) {
                    return b;
                }
                BranchNode found = findToolCallsIf(b.list().nodes());
                if (found == null && b.elseList() != null) {
                    found = findToolCallsIf(b.elseList().nodes());
                }
                if (found != null) {
                    return found;
                }
            } else if (n instanceof ListNode l) {
                BranchNode found = findToolCallsIf(l.nodes());
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static TextNode firstText(List<Node> nodes) {
        for (Node n : nodes) {
            switch (n) {
                case TextNode t -> {
                    if (!t.text().isBlank()) {
                        return t;
                    }
                }
                case BranchNode b -> {
                    TextNode t = firstText(b.list().nodes());
                    if (t == null && b.elseList() != null) {
                        t = firstText(b.elseList().nodes());
                    }
                    return t;
                }
                case ListNode l -> {
                    TextNode t = firstText(l.nodes());
                    if (t != null) {
                        return t;
                    }
                }
                case ActionNode a -> {
                    return null;
                }
                default -> {
                }
            }
        }
        return null;
    }
}
