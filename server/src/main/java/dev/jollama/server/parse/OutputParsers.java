package dev.jollama.server.parse;

import dev.jollama.server.template.OllamaTemplate;
import dev.jollama.server.template.ThinkValue;
import dev.jollama.server.template.ThinkingTags;

import java.util.List;

/** Chooses the output parser for a request, as Ollama's chat and generate handlers do. */
public final class OutputParsers {

    private static final ThinkingTags THINK = new ThinkingTags("<think>", "</think>");

    private OutputParsers() {
    }

    /** A parser that passes everything through as content. */
    public static OutputParser passthrough() {
        return new ChainedParser(null, null);
    }

    /** Ollama's test for gpt-oss harmony output: the gpt-oss family with a template using harmony's tags. */
    public static boolean isHarmony(String modelFamily, String template) {
        return ("gptoss".equals(modelFamily) || "gpt-oss".equals(modelFamily))
                && template.contains("<|start|>") && template.contains("<|end|>");
    }

    /**
     * For a model with a Go template: thinking split off when {@code think} is on and the template's thinking tags
     * can be inferred (starting inside thinking when the prompt ends with the opening tag), tool calls parsed with
     * the template's tag when tools were given.
     */
    public static OutputParser forTemplate(OllamaTemplate template, String prompt, ThinkValue think, List<String> toolNames) {
        ThinkingTags tags = template.thinkingTags();
        ThinkingParser thinking = think != null && think.enabled() && tags != null ? ThinkingParser.afterPrompt(tags, prompt) : null;
        ToolCallParser tools = toolNames.isEmpty() ? null : new ToolCallParser(template.toolCallTag(), toolNames);
        return new ChainedParser(thinking, tools);
    }

    /**
     * For a model rendered with its GGUF Jinja template: {@code <think>} tags when the template has them and think
     * is on, and the tool-call tag the template writes ({@code <tool_call>}, {@code [TOOL_CALLS]}, else a bare
     * JSON object).
     */
    public static OutputParser forJinja(String chatTemplate, String prompt, ThinkValue think, List<String> toolNames) {
        boolean thinks = chatTemplate.contains(THINK.opening()) && chatTemplate.contains(THINK.closing());
        ThinkingParser thinking = think != null && think.enabled() && thinks ? ThinkingParser.afterPrompt(THINK, prompt) : null;
        String tag = chatTemplate.contains("<tool_call>") ? "<tool_call>"
                : chatTemplate.contains("[TOOL_CALLS]") ? "[TOOL_CALLS]" : "{";
        ToolCallParser tools = toolNames.isEmpty() ? null : new ToolCallParser(tag, toolNames);
        return new ChainedParser(thinking, tools);
    }

    /** For gpt-oss: harmony channels; output starts inside the assistant header the prompt ends with. */
    public static OutputParser forHarmony(List<String> toolNames) {
        return HarmonyParser.afterAssistantStart(new HarmonyFunctionNames(toolNames));
    }
}
