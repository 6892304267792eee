package dev.jollama.server.template;

import dev.jollama.server.parse.OutputParser;
import dev.jollama.server.parse.OutputParsers;
import dev.jollama.server.template.gotmpl.GoJson;
import dev.jollama.server.template.gotmpl.GoTemplate;
import dev.jollama.server.template.gotmpl.GoTemplateException;
import dev.jollama.server.template.gotmpl.GoValue;
import dev.jollama.server.template.gotmpl.Node;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A model's Go TEMPLATE with Ollama's rules (template/template.go): parsed with Ollama's functions, a
 * {@code {{ .Response }}} appended when the template mentions neither {@code .Messages} nor {@code .Response},
 * rendered in messages mode (system messages collated into {@code .System}, same-role turns merged except tool)
 * or, for templates without {@code .Messages}, in legacy mode (one execution per turn, the last cut after
 * {@code {{ .Response }}}).
 */
public final class OllamaTemplate implements ChatTemplate {

    private static final Map<String, GoValue.Function> FUNCTIONS = Map.of(
            "json", OllamaTemplate::json,
            "currentDate", args -> LocalDate.now().toString(),
            "yesterdayDate", args -> LocalDate.now().minusDays(1).toString(),
            "toTypeScriptType", args -> args.size() == 1 && args.getFirst() instanceof GoDataModel.ToolProperty p
                    ? p.typeScriptType() : "any");

    /** Ollama's json: encoding/json of one value, "" when it cannot be encoded. */
    private static Object json(List<Object> args) {
        if (args.size() != 1) {
            throw new GoTemplateException("wrong number of args for json: want 1 got " + args.size());
        }
        try {
            return GoJson.marshal(args.getFirst());
        } catch (GoTemplateException e) {
            return "";
        }
    }

    /** Ollama's default for models without a template. */
    public static final OllamaTemplate DEFAULT = parse("{{ .Prompt }}");

    private final String source;
    private final GoTemplate template;
    private final List<String> vars;

    private OllamaTemplate(String source, GoTemplate template, List<String> vars) {
        this.source = source;
        this.template = template;
        this.vars = vars;
    }

    /** Parses a template; a syntax error throws {@link GoTemplateException} with Go's message. */
    public static OllamaTemplate parse(String source) {
        GoTemplate t = GoTemplate.parse("", source, FUNCTIONS);
        List<String> vars = vars(t);
        if (!vars.contains("messages") && !vars.contains("response")) {
            List<Node> nodes = new ArrayList<>(t.root().nodes());
            nodes.add(GoTemplate.parse("", "{{ .Response }}", FUNCTIONS).root().nodes().getFirst());
            t = t.withRoot(new Node.ListNode(nodes));
            vars = vars(t);
        }
        return new OllamaTemplate(source, t, vars);
    }

    private static List<String> vars(GoTemplate t) {
        TreeSet<String> set = new TreeSet<>();
        List<Node.ListNode> bodies = new ArrayList<>(t.definitions().values());
        for (Node.ListNode body : bodies) {
            for (String id : TemplateTrees.identifiers(body)) {
                set.add(id.toLowerCase(java.util.Locale.ROOT));
            }
        }
        return List.copyOf(set);
    }

    public String source() {
        return source;
    }

    /** The lower-cased field and variable names the template mentions, sorted (Ollama's Vars). */
    public List<String> vars() {
        return vars;
    }

    public boolean contains(String s) {
        return source.contains(s);
    }

    /** Ollama's capabilities of this template: tools, insert, thinking. */
    @Override
    public TemplateCapabilities capabilities() {
        return TemplateCapabilities.of(this);
    }

    /** The thinking tags inferred from where {@code .Thinking} sits in the template, or null when there are none. */
    public ThinkingTags thinkingTags() {
        String[] tags = TemplateTrees.thinkingTags(template.root());
        return tags[0].isEmpty() || tags[1].isEmpty() ? null : new ThinkingTags(tags[0], tags[1]);
    }

    /** The text that starts tool calls in model output (e.g. {@code <tool_call>}, {@code [TOOL_CALLS]}), or "{". */
    public String toolCallTag() {
        return TemplateTrees.toolCallTag(template.root());
    }

    @Override
    public OutputParser outputParser(String prompt, ThinkValue think, List<String> toolNames) {
        return OutputParsers.forTemplate(this, prompt, think, toolNames);
    }

    /** Renders a prompt as Ollama's Template.Execute does. */
    @Override
    public String render(TemplateValues v) {
        List<ChatMessage> collated = new ArrayList<>();
        List<String> systems = new ArrayList<>();
        for (ChatMessage m : v.messages()) {
            if (m.role().equals("system")) {
                systems.add(m.content());
            }
            if (!collated.isEmpty() && collated.getLast().role().equals(m.role()) && !m.role().equals("tool")) {
                collated.set(collated.size() - 1, collated.getLast().withContent(collated.getLast().content() + "\n\n" + m.content()));
            } else {
                collated.add(m);
            }
        }
        String system = String.join("\n\n", systems);
        Map<String, Object> data = thinkValues(v.think());
        if (!v.prompt().isEmpty() && !v.suffix().isEmpty()) {
            data.put("Prompt", v.prompt());
            data.put("Suffix", v.suffix());
            data.put("Response", "");
            return template.execute(data);
        }
        if (vars.contains("messages")) {
            data.put("System", system);
            data.put("Messages", GoDataModel.messages(collated));
            data.put("Tools", GoDataModel.tools(v.tools()));
            data.put("Response", "");
            return template.execute(data);
        }
        return renderLegacy(collated, v.think());
    }

    private String renderLegacy(List<ChatMessage> messages, ThinkValue think) {
        StringBuilder out = new StringBuilder();
        String system = "", prompt = "", response = "";
        for (ChatMessage m : messages) {
            switch (m.role()) {
                case "system" -> {
                    if (!prompt.isEmpty() || !response.isEmpty()) {
                        out.append(template.execute(turn(system, prompt, response, think)));
                        prompt = "";
                        response = "";
                    }
                    system = m.content();
                }
                case "user" -> {
                    if (!response.isEmpty()) {
                        out.append(template.execute(turn(system, prompt, response, think)));
                        system = "";
                        response = "";
                    }
                    prompt = m.content();
                }
                case "assistant" -> response = m.content();
                default -> {
                }
            }
        }
        GoTemplate last = template.withRoot(TemplateTrees.cutAfterResponse(template.root()));
        out.append(last.execute(turn(system, prompt, response, think)));
        return out.toString();
    }

    private static Map<String, Object> turn(String system, String prompt, String response, ThinkValue think) {
        Map<String, Object> data = thinkValues(think);
        data.put("System", system);
        data.put("Prompt", prompt);
        data.put("Response", response);
        return data;
    }

    private static Map<String, Object> thinkValues(ThinkValue think) {
        Map<String, Object> data = new HashMap<>();
        data.put("Think", think != null && think.enabled());
        data.put("ThinkLevel", think == null ? "" : think.level());
        data.put("IsThinkSet", think != null);
        return data;
    }

    @Override
    public String toString() {
        return source;
    }
}
