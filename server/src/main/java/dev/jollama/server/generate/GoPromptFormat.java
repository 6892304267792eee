package dev.jollama.server.generate;

import dev.jollama.server.parse.OutputParser;
import dev.jollama.server.parse.OutputParsers;
import dev.jollama.server.template.ChatMessage;
import dev.jollama.server.template.OllamaTemplate;
import dev.jollama.server.template.TemplateValues;
import dev.jollama.server.template.ThinkValue;

import java.util.List;
import java.util.Map;

/** A Go TEMPLATE rendered as Ollama renders it; output parsed with the template's thinking and tool-call tags, or as harmony. */
record GoPromptFormat(OllamaTemplate template, boolean harmony) implements PromptFormat {

    @Override
    public String render(List<ChatMessage> messages, List<Map<String, Object>> tools, ThinkValue think) {
        return template.render(new TemplateValues(messages, tools, think, "", ""));
    }

    @Override
    public OutputParser parser(String prompt, ThinkValue think, List<String> toolNames) {
        if (harmony) return OutputParsers.forHarmony(toolNames);
        return OutputParsers.forTemplate(template, prompt, think, toolNames);
    }

    @Override
    public boolean separatesThinking(ThinkValue think) {
        if (harmony) return true;
        return think != null && think.enabled() && template.thinkingTags() != null;
    }

    @Override
    public String finalAnswerPrefill() {
        return harmony ? "<|end|><|start|>assistant<|channel|>final<|message|>" : "";
    }
}
