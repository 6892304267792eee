package dev.jollama.server.generate;

import dev.jollama.server.parse.OutputParser;
import dev.jollama.server.template.ChatMessage;
import dev.jollama.server.template.ThinkValue;

import java.util.List;
import java.util.Map;

/**
 * How a model's conversation becomes a prompt and its output becomes content, thinking and tool calls: its Go
 * TEMPLATE (Ollama's own rendering, with harmony for gpt-oss), or the GGUF's Jinja chat template.
 */
public interface PromptFormat {

    /** The prompt for these messages (the last one is answered next). */
    String render(List<ChatMessage> messages, List<Map<String, Object>> tools, ThinkValue think);

    /** The parser for the output that follows {@code prompt}. */
    OutputParser parser(String prompt, ThinkValue think, List<String> toolNames);

    /** Whether thinking is split off the output for this think setting (so a format applies after it). */
    boolean separatesThinking(ThinkValue think);

    /** For harmony (gpt-oss): what ends the thinking so that the final answer starts; "" for other formats. */
    default String finalAnswerPrefill() {
        return "";
    }
}
