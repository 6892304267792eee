package dev.jollama.server.template.gotmpl;

import dev.jollama.server.template.gotmpl.Node.ListNode;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A parsed Go text/template, executed with {@code missingkey=zero}. Immutable: {@link #withRoot} gives a copy with
 * another body, which is how callers rewrite the tree (Ollama appends {@code {{ .Response }}} or cuts after it).
 */
public final class GoTemplate {

    private final String name;
    private final ListNode root;
    private final Map<String, ListNode> defined;
    private final Map<String, GoValue.Function> functions;

    private GoTemplate(String name, ListNode root, Map<String, ListNode> defined, Map<String, GoValue.Function> functions) {
        this.name = name;
        this.root = root;
        this.defined = defined;
        this.functions = functions;
    }

    /** Parses {@code source}; {@code functions} are added to Go's builtins. Throws GoTemplateException as Go words it. */
    public static GoTemplate parse(String name, String source, Map<String, GoValue.Function> functions) {
        Map<String, GoValue.Function> all = new LinkedHashMap<>(Builtins.FUNCTIONS);
        all.putAll(functions);
        Set<String> names = new HashSet<>(all.keySet());
        Parser.Parsed parsed = Parser.parse(name, source, names);
        Map<String, ListNode> defined = new LinkedHashMap<>(parsed.defined());
        ListNode existing = defined.get(name);
        if (existing == null || Parser.isEmpty(existing) || !Parser.isEmpty(parsed.root())) {
            defined.put(name, parsed.root());
        }
        return new GoTemplate(name, parsed.root(), Map.copyOf(defined), Map.copyOf(all));
    }

    public String name() {
        return name;
    }

    public ListNode root() {
        return root;
    }

    /** Templates named by {@code define} or {@code block}. */
    public Map<String, ListNode> definitions() {
        return defined;
    }

    public GoTemplate withRoot(ListNode newRoot) {
        Map<String, ListNode> d = new LinkedHashMap<>(defined);
        d.put(name, newRoot);
        return new GoTemplate(name, newRoot, Map.copyOf(d), functions);
    }

    public String execute(Object data) {
        StringBuilder out = new StringBuilder();
        try {
            Executor.execute(this, root, data, out);
        } catch (StackOverflowError e) {
            throw new GoTemplateException("template: " + name + ": exceeded maximum template depth");
        }
        return out.toString();
    }

    ListNode defined(String templateName) {
        return defined.get(templateName);
    }

    GoValue.Function function(String functionName) {
        return functions.get(functionName);
    }

    boolean isBuiltin(String functionName) {
        return Builtins.FUNCTIONS.get(functionName) == functions.get(functionName);
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
