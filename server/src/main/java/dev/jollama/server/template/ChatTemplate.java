package dev.jollama.server.template;

import dev.jollama.server.parse.OutputParser;

import java.util.List;

/**
 * A model's prompt template, of either kind a model carries: Ollama's Go TEMPLATE ({@link OllamaTemplate}) or the
 * GGUF's Jinja {@code tokenizer.chat_template} ({@link dev.jollama.server.template.jinja.JinjaChatTemplate}).
 * Render the conversation into a prompt, tell what the template allows, and give the parser for what the model
 * answers to that prompt.
 */
public interface ChatTemplate {

    /** The prompt for these messages, tools and think setting (fill-in-the-middle when prompt and suffix are set). */
    String render(TemplateValues values);

    TemplateCapabilities capabilities();

    /** A fresh parser for the output that follows {@code prompt} (one per request; parsers keep state). */
    OutputParser outputParser(String prompt, ThinkValue think, List<String> toolNames);
}
