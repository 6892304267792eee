package dev.jollama.server.parse;

import dev.jollama.server.template.ToolCall;

import java.util.ArrayList;
import java.util.List;

/** What a piece of model output turned out to be: visible content, thinking, and completed tool calls. */
public record ParsedOutput(String content, String thinking, List<ToolCall> toolCalls) {

    public static final ParsedOutput EMPTY = new ParsedOutput("", "", List.of());

    public ParsedOutput {
        content = content == null ? "" : content;
        thinking = thinking == null ? "" : thinking;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static ParsedOutput content(String content) {
        return new ParsedOutput(content, "", List.of());
    }

    public boolean isEmpty() {
        return content.isEmpty() && thinking.isEmpty() && toolCalls.isEmpty();
    }

    /** This output followed by another (contents and thinking concatenated, calls appended). */
    public ParsedOutput plus(ParsedOutput next) {
        if (next.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return next;
        }
        List<ToolCall> calls = new ArrayList<>(toolCalls);
        calls.addAll(next.toolCalls);
        return new ParsedOutput(content + next.content, thinking + next.thinking, calls);
    }
}
