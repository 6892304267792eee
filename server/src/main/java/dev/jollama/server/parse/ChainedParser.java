package dev.jollama.server.parse;

/**
 * Ollama's generic pipeline for Go-template models: thinking is split off first (when a thinking parser is given),
 * then the remaining content goes through the tool-call parser (when tools were given).
 */
final class ChainedParser implements OutputParser {

    private final ThinkingParser thinking;
    private final ToolCallParser tools;

    ChainedParser(ThinkingParser thinking, ToolCallParser tools) {
        this.thinking = thinking;
        this.tools = tools;
    }

    @Override
    public ParsedOutput add(String text) {
        ParsedOutput t = thinking == null ? ParsedOutput.content(text) : thinking.add(text);
        return toTools(t, false);
    }

    @Override
    public ParsedOutput finish() {
        ParsedOutput t = thinking == null ? ParsedOutput.EMPTY : thinking.finish();
        return toTools(t, true);
    }

    private ParsedOutput toTools(ParsedOutput t, boolean finish) {
        if (tools == null) {
            return t;
        }
        ParsedOutput calls = t.content().isEmpty() ? ParsedOutput.EMPTY : tools.add(t.content());
        if (finish) {
            calls = calls.plus(tools.finish());
        }
        return new ParsedOutput(calls.content(), t.thinking(), calls.toolCalls());
    }
}
