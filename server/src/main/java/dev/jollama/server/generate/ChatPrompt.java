package dev.jollama.server.generate;

import dev.jollama.server.parse.ParsedOutput;
import dev.jollama.server.parse.ThinkingParser;
import dev.jollama.server.template.ChatMessage;
import dev.jollama.server.template.ThinkValue;
import dev.jollama.server.template.ThinkingTags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/** Ollama's chatPrompt (server/prompt.go) and the history clean-up before it. */
final class ChatPrompt {
    private ChatPrompt() {}

    /** Ollama counts each image as this many tokens when fitting a conversation into the context. */
    static final int IMAGE_TOKENS = 768;
    private static final ThinkingTags THINK = new ThinkingTags("<think>", "</think>");

    /**
     * The prompt for a conversation. With {@code truncate}, the oldest messages are dropped until the rendered
     * prompt fits {@code numCtx} tokens; system messages and the last message are always kept (the last one even
     * when it alone does not fit; the engine then cuts or refuses the prompt).
     */
    static String render(PromptFormat format, ToIntFunction<String> tokenCount, int numCtx, boolean countImages,
                         List<ChatMessage> msgs, List<Map<String, Object>> tools, ThinkValue think, boolean truncate) {
        int last = msgs.size() - 1;
        int start = 0;
        List<ChatMessage> system = List.of();
        if (truncate) {
            for (int i = 0; i <= last; i++) {
                system = systemMessages(msgs.subList(0, i));
                List<ChatMessage> kept = concat(system, msgs.subList(i, msgs.size()));
                int tokens = tokenCount.applyAsInt(format.render(kept, tools, think));
                if (countImages) {
                    for (ChatMessage m : msgs.subList(i, msgs.size())) tokens += IMAGE_TOKENS * m.images().size();
                }
                if (tokens <= numCtx || i == last) {
                    start = i;
                    break;
                }
            }
        }
        return format.render(concat(system, msgs.subList(start, msgs.size())), tools, think);
    }

    /**
     * Ollama's filterThinkTags: for the qwen3 family and deepseek-r1, {@code <think>...</think>} is removed from the
     * content of assistant turns before the last user message.
     */
    static List<ChatMessage> withoutEarlierThinking(List<ChatMessage> msgs, String family, String modelName) {
        if (!"qwen3".equals(family) && !"deepseek-r1".equals(modelName)) return msgs;
        int lastUser = -1;
        for (int i = 0; i < msgs.size(); i++) {
            if (msgs.get(i).role().equals("user")) lastUser = i;
        }
        List<ChatMessage> out = new ArrayList<>(msgs);
        for (int i = 0; i < lastUser; i++) {
            ChatMessage m = out.get(i);
            if (!m.role().equals("assistant")) continue;
            ThinkingParser p = new ThinkingParser(THINK);
            ParsedOutput parsed = p.add(m.content()).plus(p.finish());
            out.set(i, m.withContent(parsed.content()));
        }
        return out;
    }

    private static List<ChatMessage> systemMessages(List<ChatMessage> msgs) {
        List<ChatMessage> out = new ArrayList<>();
        for (ChatMessage m : msgs) {
            if (m.role().equals("system")) out.add(m);
        }
        return out;
    }

    private static List<ChatMessage> concat(List<ChatMessage> a, List<ChatMessage> b) {
        List<ChatMessage> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
