package dev.jollama.server.generate;

import dev.jollama.server.parse.OutputParser;
import dev.jollama.server.parse.OutputParsers;
import dev.jollama.server.template.ChatMessage;
import dev.jollama.server.template.ChatTemplate;
import dev.jollama.server.template.TemplateValues;
import dev.jollama.server.template.ThinkValue;

import java.util.List;
import java.util.Map;

/**
 * How a model's conversation becomes a prompt and its output becomes content, thinking and tool calls: its chat
 * template (the Go TEMPLATE or the GGUF's Jinja template), with gpt-oss's harmony channels parsed when
 * {@code harmony}.
 */
public record PromptFormat(ChatTemplate template, boolean harmony) {

    /** The prompt for these messages (the last one is answered next). */
    public String render(List<ChatMessage> messages, List<Map<String, Object>> tools, ThinkValue think) {
        return template.render(new TemplateValues(messages, tools, think, "", ""));
    }

    /** A fresh parser for the output that follows {@code prompt}. */
    public OutputParser parser(String prompt, ThinkValue think, List<String> toolNames) {
        return harmony ? OutputParsers.forHarmony(toolNames) : template.outputParser(prompt, think, toolNames);
    }

    /** Whether thinking is split off the output for this think setting (so a format applies after it). */
    public boolean separatesThinking(ThinkValue think) {
        return harmony || (think != null && think.enabled() && template.capabilities().thinking());
    }

    /** For harmony: what ends the thinking so that the final answer starts; "" for other templates. */
    public String finalAnswerPrefill() {
        return harmony ? "<|end|><|start|>assistant<|channel|>final<|message|>" : "";
    }
}
