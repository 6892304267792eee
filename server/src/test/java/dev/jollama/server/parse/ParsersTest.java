package dev.jollama.server.parse;

import dev.jollama.server.template.ChatMessage;
import dev.jollama.server.template.ThinkingTags;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParsersTest {

    private static final ThinkingTags THINK = new ThinkingTags("<think>", "</think>");

    @Test
    void thinkingHoldsBackPartialTagsAndEatsWhitespace() {
        ThinkingParser p = new ThinkingParser(THINK);
        assertThat(p.add("  <thi")).isEqualTo(ParsedOutput.EMPTY);
        assertThat(p.add("nk>\n\n")).isEqualTo(ParsedOutput.EMPTY);
        assertThat(p.inThinking()).isTrue();
        assertThat(p.add("step one</th")).isEqualTo(new ParsedOutput("", "step one", null));
        assertThat(p.add("ink>\n")).isEqualTo(ParsedOutput.EMPTY);
        assertThat(p.add("\nAnswer <think> stays")).isEqualTo(ParsedOutput.content("Answer <think> stays"));
        assertThat(p.finish()).isEqualTo(ParsedOutput.EMPTY);
    }

    @Test
    void thinkingReleasesAnUnfinishedTagAtTheEnd() {
        ThinkingParser p = new ThinkingParser(THINK);
        assertThat(p.add("<thi")).isEqualTo(ParsedOutput.EMPTY);
        assertThat(p.finish()).isEqualTo(ParsedOutput.content("<thi"));
        ThinkingParser inside = ThinkingParser.afterPrompt(THINK, "<|im_start|>assistant\n<think>\n");
        assertThat(inside.inThinking()).isTrue();
        assertThat(inside.add("never closed")).isEqualTo(new ParsedOutput("", "never closed", null));
        assertThat(inside.finish()).isEqualTo(ParsedOutput.EMPTY);
    }

    @Test
    void toolTagPrefixIsHeldUntilDisambiguated() {
        ToolCallParser p = new ToolCallParser("<tool_call>", List.of("f"));
        assertThat(p.add("Hi <tool_")).isEqualTo(ParsedOutput.content("Hi "));
        assertThat(p.add("tip> x")).isEqualTo(ParsedOutput.content("<tool_tip> x"));
        ParsedOutput call = p.add("<tool_call>{\"name\": \"f\", \"arguments\": {\"b\": 1, \"a\": [true, null, 2.5]}}</tool_call>");
        assertThat(call.content()).isEmpty();
        assertThat(call.toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("f");
            assertThat(c.index()).isZero();
            assertThat(c.id()).matches("call_[a-z0-9]{8}");
            assertThat(c.arguments().keySet()).containsExactly("b", "a");
        });
        assertThat(p.finish()).isEqualTo(ParsedOutput.EMPTY);
    }

    @Test
    void callWithoutArgumentsIsNotACall() {
        ToolCallParser p = new ToolCallParser("{", List.of("get_conditions"));
        assertThat(p.add("{\"name\": \"get_conditions\"}").toolCalls()).isEmpty();
        assertThat(p.finish().toolCalls()).isEmpty();
        ToolCallParser empty = new ToolCallParser("{", List.of("get_conditions"));
        assertThat(empty.add("{\"name\": \"get_conditions\", \"arguments\": {}}").toolCalls()).hasSize(1);
    }

    @Test
    void idsAreOllamaShaped() {
        assertThat(ToolCallIds.next()).matches("call_[a-z0-9]{8}").isNotEqualTo(ToolCallIds.next());
    }

    @Test
    void harmonyNamesAndErrors() {
        HarmonyFunctionNames names = new HarmonyFunctionNames(List.of("a-b", "a.b", "9lives", "python", "é x!", "!!!"));
        assertThat(names.harmony("a-b")).isEqualTo("a_b");
        assertThat(names.harmony("a.b")).isEqualTo("a_b_2");
        assertThat(names.harmony("9lives")).isEqualTo("_9lives");
        assertThat(names.harmony("python")).isEqualTo("python");
        assertThat(names.harmony("é x!")).isEqualTo("é_x");
        assertThat(names.harmony("!!!")).isEqualTo("unnamed");
        assertThat(names.original("a_b_2")).isEqualTo("a.b");
        HarmonyParser p = HarmonyParser.afterAssistantStart(names);
        p.add("<|channel|>commentary to=functions.a_b<|message|>{not json");
        assertThatThrownBy(p::finish).isInstanceOf(OutputParseException.class).hasMessageContaining("error parsing tool call");
    }

    @Test
    void earlierThinkingIsStrippedBeforeTheLastUserTurn() {
        List<ChatMessage> chat = List.of(ChatMessage.of("user", "a"), ChatMessage.of("assistant", "<think>x</think>\n\nA1"),
                ChatMessage.of("user", "b"), ChatMessage.of("assistant", "<think>y</think>A2"));
        assertThat(EarlierThinking.strip(chat)).extracting(ChatMessage::content).containsExactly("a", "A1", "b", "<think>y</think>A2");
        assertThat(EarlierThinking.applies("qwen3", "qwen3")).isTrue();
        assertThat(EarlierThinking.applies("llama", "deepseek-r1")).isTrue();
        assertThat(EarlierThinking.applies("llama", "llama3")).isFalse();
    }
}
