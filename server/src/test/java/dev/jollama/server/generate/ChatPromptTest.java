package dev.jollama.server.generate;

import dev.jollama.server.template.BuiltinTemplates;
import dev.jollama.server.template.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChatPromptTest {
    private static final PromptFormat CHATML = new PromptFormat(BuiltinTemplates.template("chatml").orElseThrow(), false);

    private static final List<ChatMessage> CONVERSATION = List.of(
            ChatMessage.of("system", "You are terse."),
            ChatMessage.of("user", "first question " + "x".repeat(200)),
            ChatMessage.of("assistant", "first answer " + "y".repeat(200)),
            ChatMessage.of("system", "Answer in French."),
            ChatMessage.of("user", "second question"));

    /** One token per character: enough to decide what fits. */
    private static int chars(String s) {
        return s.length();
    }

    @Test
    void everythingFitsNothingDropped() {
        String p = ChatPrompt.render(CHATML, ChatPromptTest::chars, 100_000, false, CONVERSATION, List.of(), null, true);
        assertThat(p).contains("first question", "first answer", "second question", "You are terse.", "Answer in French.");
    }

    @Test
    void oldestTurnsGoFirstButSystemMessagesAndTheLastMessageStay() {
        String p = ChatPrompt.render(CHATML, ChatPromptTest::chars, 300, false, CONVERSATION, List.of(), null, true);
        assertThat(p).doesNotContain("first question").doesNotContain("first answer");
        assertThat(p).contains("You are terse.", "Answer in French.", "second question");
    }

    @Test
    void theLastMessageStaysEvenWhenNothingFits() {
        String p = ChatPrompt.render(CHATML, ChatPromptTest::chars, 1, false, CONVERSATION, List.of(), null, true);
        assertThat(p).contains("second question", "You are terse.", "Answer in French.").doesNotContain("first");
    }

    @Test
    void withoutTruncateEverythingIsRendered() {
        String p = ChatPrompt.render(CHATML, ChatPromptTest::chars, 1, false, CONVERSATION, List.of(), null, false);
        assertThat(p).contains("first question", "first answer", "second question");
    }

    @Test
    void imagesCountWhenTheModelHasAProjector() {
        List<ChatMessage> withImage = List.of(new ChatMessage("user", "old", "", List.of(new byte[]{1}), null, null, null),
                ChatMessage.of("assistant", "ok"), ChatMessage.of("user", "new"));
        assertThat(ChatPrompt.render(CHATML, ChatPromptTest::chars, 500, true, withImage, List.of(), null, true)).doesNotContain("old");
        assertThat(ChatPrompt.render(CHATML, ChatPromptTest::chars, 500, false, withImage, List.of(), null, true)).contains("old");
    }

    @Test
    void earlierThinkingIsStrippedForQwen3AndDeepseekR1Only() {
        List<ChatMessage> msgs = List.of(ChatMessage.of("user", "a"), ChatMessage.of("assistant", "<think>hmm</think>answer"),
                ChatMessage.of("user", "b"), ChatMessage.of("assistant", "<think>later</think>prefill"));
        List<ChatMessage> qwen = ChatPrompt.withoutEarlierThinking(msgs, "qwen3", "qwen3");
        assertThat(qwen.get(1).content()).isEqualTo("answer");
        assertThat(qwen.get(3).content()).isEqualTo("<think>later</think>prefill");
        assertThat(ChatPrompt.withoutEarlierThinking(msgs, "llama", "deepseek-r1").get(1).content()).isEqualTo("answer");
        assertThat(ChatPrompt.withoutEarlierThinking(msgs, "llama", "llama3").get(1).content()).isEqualTo("<think>hmm</think>answer");
    }
}
