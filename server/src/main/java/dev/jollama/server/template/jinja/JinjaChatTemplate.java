package dev.jollama.server.template.jinja;

import dev.jollama.server.parse.OutputParser;
import dev.jollama.server.parse.OutputParsers;
import dev.jollama.server.template.ChatMessage;
import dev.jollama.server.template.ChatTemplate;
import dev.jollama.server.template.TemplateValues;
import dev.jollama.server.template.TemplateCapabilities;
import dev.jollama.server.template.ThinkValue;
import dev.jollama.server.template.ToolCall;
import dev.jollama.server.template.jinja.JinjaInterpreter.Scope;
import dev.jollama.server.template.jinja.JinjaValues.Dict;
import dev.jollama.server.template.jinja.JinjaValues.Fn;
import dev.jollama.server.template.jinja.JinjaValues.Kwargs;
import dev.jollama.server.template.jinja.JinjaValues.Namespace;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A GGUF's Jinja chat template ({@code tokenizer.chat_template}), rendered as Hugging Face's reference
 * implementation renders it: trim_blocks and lstrip_blocks, {@code raise_exception}, {@code strftime_now},
 * {@code namespace}, {@code range}, Python-style string and mapping methods, and {@code tojson} with Python's
 * separators. Thread-safe: the parsed template is immutable and each render has its own scopes.
 */
public final class JinjaChatTemplate implements ChatTemplate {

    private final String source;
    private final List<JinjaNode> program;
    private final Clock clock;
    private final String bos;
    private final String eos;

    /** Parses the template; a syntax error throws {@link JinjaException}. */
    public JinjaChatTemplate(String source) {
        this(source, Clock.systemDefaultZone());
    }

    public JinjaChatTemplate(String source, Clock clock) {
        this(source, JinjaParser.parse(source), clock, "", "");
    }

    private JinjaChatTemplate(String source, List<JinjaNode> program, Clock clock, String bos, String eos) {
        this.source = source;
        this.program = program;
        this.clock = clock;
        this.bos = bos;
        this.eos = eos;
    }

    /** The same template for a model whose BOS and EOS tokens are these strings (GGUF tokenizer metadata). */
    public JinjaChatTemplate withTokens(String bosToken, String eosToken) {
        return new JinjaChatTemplate(source, program, clock, bosToken == null ? "" : bosToken, eosToken == null ? "" : eosToken);
    }

    public String source() {
        return source;
    }

    @Override
    public TemplateCapabilities capabilities() {
        return TemplateCapabilities.ofJinja(source);
    }

    @Override
    public OutputParser outputParser(String prompt, ThinkValue think, List<String> toolNames) {
        return OutputParsers.forJinja(source, prompt, think, toolNames);
    }

    /** Renders the conversation with this model's BOS/EOS (see {@link #withTokens}); fill-in-the-middle is not a Jinja thing. */
    @Override
    public String render(TemplateValues values) {
        return render(values.messages(), values.tools(), values.think());
    }

    /**
     * Renders with a context of JSON-like values ({@code messages}, {@code tools}, {@code add_generation_prompt},
     * {@code bos_token}, {@code eos_token}, {@code enable_thinking}, ...). A template's raise_exception, or a
     * value it cannot work with, throws {@link JinjaException}.
     */
    public String render(Map<String, ?> context) {
        Scope globals = new Scope(null);
        globals.set("true", true);
        globals.set("false", false);
        globals.set("none", null);
        globals.set("True", true);
        globals.set("False", false);
        globals.set("None", null);
        globals.set("namespace", (Fn) (args, scope) -> namespace(args));
        globals.set("raise_exception", (Fn) (args, scope) -> {
            throw new JinjaException(args.isEmpty() ? "undefined" : JinjaValues.raw(args.getFirst()));
        });
        globals.set("range", (Fn) (args, scope) -> range(args));
        globals.set("strftime_now", (Fn) (args, scope) -> strftime(LocalDateTime.now(clock), JinjaValues.raw(args.getFirst())));
        Scope scope = new Scope(globals);
        context.forEach((k, v) -> scope.set(k, JinjaValues.fromJava(v)));
        try {
            return new JinjaInterpreter().render(program, scope);
        } catch (StackOverflowError e) {
            throw new JinjaException("template recursion too deep");
        } catch (ClassCastException | IndexOutOfBoundsException | ArithmeticException e) {
            throw new JinjaException(e.toString());
        }
    }

    /**
     * Renders an Ollama chat as llama.cpp passes it to the template: OpenAI-style messages (thinking as
     * {@code reasoning_content}, tool calls with object arguments, tool results with {@code tool_call_id} and
     * {@code name}), the tools, {@code add_generation_prompt}, the model's BOS/EOS strings, when think is set
     * {@code enable_thinking} and {@code reasoning_effort}, and for templates that read them (firefunction)
     * {@code functions} (the tools as indented JSON) and {@code datetime}.
     */
    public String render(List<ChatMessage> messages, List<Map<String, Object>> tools, ThinkValue think) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("messages", messages.stream().map(JinjaChatTemplate::openAiMessage).toList());
        boolean hasTools = tools != null && !tools.isEmpty();
        if (hasTools) {
            ctx.put("tools", tools);
        }
        ctx.put("add_generation_prompt", true);
        ctx.put("bos_token", bos);
        ctx.put("eos_token", eos);
        if (think != null) {
            ctx.put("enable_thinking", think.enabled());
            if (!think.level().isEmpty()) {
                ctx.put("reasoning_effort", think.level().equals("max") ? "high" : think.level());
            }
        }
        if (source.contains("functions")) {
            ctx.put("functions", hasTools ? JinjaJson.write(JinjaValues.fromJava(tools), new JinjaJson.Options(2, false, null, null, false), true) : "");
        }
        if (source.contains("datetime")) {
            ctx.put("datetime", DateTimeFormatter.ofPattern("MMM dd yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
                    .format(LocalDateTime.now(clock.withZone(java.time.ZoneOffset.UTC))));
        }
        return render(ctx);
    }

    static Map<String, Object> openAiMessage(ChatMessage m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("role", m.role());
        out.put("content", m.content());
        if (!m.thinking().isEmpty()) {
            out.put("reasoning_content", m.thinking());
        }
        if (!m.toolCalls().isEmpty()) {
            List<Object> calls = new ArrayList<>();
            for (ToolCall c : m.toolCalls()) {
                Map<String, Object> call = new LinkedHashMap<>();
                if (!c.id().isEmpty()) {
                    call.put("id", c.id());
                }
                call.put("type", "function");
                Map<String, Object> function = new LinkedHashMap<>();
                function.put("name", c.name());
                function.put("arguments", c.arguments());
                call.put("function", function);
                calls.add(call);
            }
            out.put("tool_calls", calls);
        }
        if (!m.toolCallId().isEmpty()) {
            out.put("tool_call_id", m.toolCallId());
        }
        if (!m.toolName().isEmpty()) {
            out.put("name", m.toolName());
        }
        return out;
    }

    private static Namespace namespace(List<Object> args) {
        List<Object> positional = new ArrayList<>(args);
        Map<String, Object> kwargs = Map.of();
        if (!positional.isEmpty() && positional.getLast() instanceof Kwargs k) {
            kwargs = k;
            positional.removeLast();
        }
        if (positional.size() > 1) {
            throw new JinjaException("namespace expected at most 1 argument, got " + positional.size());
        }
        Namespace ns = new Namespace();
        if (positional.size() == 1) {
            Object source = positional.getFirst();
            if (source instanceof Dict d) {
                ns.values.putAll(d);
            } else if (source instanceof List<?> pairs) {
                for (Object pair : pairs) {
                    if (!(pair instanceof List<?> kv) || kv.size() != 2) {
                        throw new JinjaException("namespace expected an object or an iterable of [key, value] pairs");
                    }
                    if (!(kv.get(0) instanceof String key)) {
                        throw new JinjaException("namespace keys must be strings");
                    }
                    ns.values.put(key, kv.get(1));
                }
            } else {
                throw new JinjaException("'" + JinjaValues.typeName(source) + "' object is not iterable");
            }
        }
        ns.values.putAll(kwargs);
        return ns;
    }

    private static List<Object> range(List<Object> args) {
        long start = 0, stop, step = 1;
        if (args.size() == 1) {
            stop = ((Number) args.get(0)).longValue();
        } else {
            start = ((Number) args.get(0)).longValue();
            stop = ((Number) args.get(1)).longValue();
            if (args.size() > 2) {
                step = ((Number) args.get(2)).longValue();
            }
        }
        if (step == 0) {
            throw new JinjaException("range() step must not be zero");
        }
        List<Object> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            out.add(i);
        }
        return out;
    }

    /** The strftime directives templates use (%Y %m %d %b %B %H %M %%); others are left as written. */
    static String strftime(LocalDateTime now, String format) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                sb.append(c);
                continue;
            }
            char d = format.charAt(++i);
            switch (d) {
                case 'Y' -> sb.append(now.getYear());
                case 'm' -> sb.append(String.format("%02d", now.getMonthValue()));
                case 'd' -> sb.append(String.format("%02d", now.getDayOfMonth()));
                case 'b' -> sb.append(now.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'B' -> sb.append(now.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'H' -> sb.append(String.format("%02d", now.getHour()));
                case 'M' -> sb.append(String.format("%02d", now.getMinute()));
                case '%' -> sb.append('%');
                default -> sb.append('%').append(d);
            }
        }
        return sb.toString();
    }
}
