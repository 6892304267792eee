package dev.jollama.server.parse;

import dev.jollama.server.template.ChatMessage;
import dev.jollama.server.template.ThinkingTags;

import java.util.ArrayList;
import java.util.List;

/**
 * Ollama strips {@code <think>...</think>} from the assistant turns before the last user message for the qwen3
 * family and deepseek-r1 models (their earlier reasoning was kept in the content by older clients).
 */
public final class EarlierThinking {

    private static final ThinkingTags THINK = new ThinkingTags("<think>", "</think>");

    private EarlierThinking() {
    }

    /** Whether Ollama filters this model's history: family "qwen3", or a model named deepseek-r1 (any tag). */
    public static boolean applies(String modelFamily, String modelName) {
        return "qwen3".equals(modelFamily) || "deepseek-r1".equals(modelName);
    }

    public static List<ChatMessage> strip(List<ChatMessage> messages) {
        int lastUser = -1;
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).role().equals("user")) {
                lastUser = i;
            }
        }
        List<ChatMessage> out = new ArrayList<>(messages);
        for (int i = 0; i < lastUser; i++) {
            ChatMessage m = out.get(i);
            if (m.role().equals("assistant")) {
                out.set(i, m.withContent(new ThinkingParser(THINK).add(m.content()).content()));
            }
        }
        return out;
    }
}
