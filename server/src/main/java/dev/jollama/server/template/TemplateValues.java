package dev.jollama.server.template;

import java.util.List;
import java.util.Map;

/**
 * What a prompt is rendered from: the chat messages, the tool definitions (JSON objects as the request carried
 * them, {@code {"type":"function","function":{...}}}), the think setting (null = unset), and for
 * fill-in-the-middle the prompt and suffix.
 */
public record TemplateValues(List<ChatMessage> messages, List<Map<String, Object>> tools, ThinkValue think,
                             String prompt, String suffix) {

    public TemplateValues {
        messages = messages == null ? List.of() : List.copyOf(messages);
        tools = tools == null ? null : List.copyOf(tools);
        prompt = prompt == null ? "" : prompt;
        suffix = suffix == null ? "" : suffix;
    }

    public static TemplateValues of(List<ChatMessage> messages) {
        return new TemplateValues(messages, null, null, "", "");
    }

    public TemplateValues withTools(List<Map<String, Object>> newTools) {
        return new TemplateValues(messages, newTools, think, prompt, suffix);
    }

    public TemplateValues withThink(ThinkValue newThink) {
        return new TemplateValues(messages, tools, newThink, prompt, suffix);
    }

    public static TemplateValues fillInMiddle(String prompt, String suffix, ThinkValue think) {
        return new TemplateValues(List.of(), null, think, prompt, suffix);
    }
}
