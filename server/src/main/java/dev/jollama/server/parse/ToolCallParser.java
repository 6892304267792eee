package dev.jollama.server.parse;

import dev.jollama.server.template.ToolCall;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds tool calls in model output as Ollama's tools parser does. Content streams until the template's tool-call
 * tag (e.g. {@code <tool_call>}, {@code [TOOL_CALLS]}, or "{" for models that answer with a bare JSON object);
 * from the tag on, text is buffered until a known tool name (longest match; a name still being written is waited
 * for) and a balanced JSON object holding its arguments are both there. Accepted shapes:
 * {@code {"name":..,"arguments":{..}}}, {@code "parameters"} instead of {@code "arguments"}, arguments as a JSON
 * string, {@code {"<tool name>":{..}}}, and such objects nested anywhere in the JSON. Calls get ids
 * ({@code call_} + 8 chars) and increasing indexes. With a "{" or "[" tag, output that does not start with it
 * (after whitespace) is plain content.
 */
public final class ToolCallParser implements OutputParser {

    private enum State { LOOKING_FOR_TAG, CALLING, DONE }

    private final String tag;
    private final List<String> toolNames;
    private final StringBuilder buffer = new StringBuilder();
    private State state = State.LOOKING_FOR_TAG;
    private int index;

    public ToolCallParser(String tag, List<String> toolNames) {
        this.tag = tag;
        this.toolNames = List.copyOf(toolNames);
    }

    public String tag() {
        return tag;
    }

    private boolean jsonTag() {
        return tag.equals("{") || tag.equals("[");
    }

    @Override
    public ParsedOutput add(String text) {
        if (state == State.DONE) {
            return ParsedOutput.content(text);
        }
        buffer.append(text);
        String content = "";
        if (state == State.LOOKING_FOR_TAG) {
            int found = buffer.indexOf(tag);
            int keep = found >= 0 ? found : buffer.length() - Overlap.suffixPrefix(buffer.toString(), tag);
            content = buffer.substring(0, keep);
            buffer.delete(0, keep);
            if (jsonTag() && !content.isBlank()) {
                state = State.DONE;
                String all = content + buffer;
                buffer.setLength(0);
                return ParsedOutput.content(all);
            }
            if (found < 0) {
                return ParsedOutput.content(content);
            }
            state = State.CALLING;
        }
        List<ToolCall> calls = new ArrayList<>();
        for (ToolCall call = nextCall(true); call != null; call = nextCall(true)) {
            calls.add(call);
        }
        // a finished JSON answer that held no call is content; unless a name may still be coming (Ollama would
        // give up here, which makes the result depend on where the text was split)
        if (jsonTag() && !endsInsideAName(buffer.toString()) && closed()) {
            state = State.DONE;
            content += buffer;
            buffer.setLength(0);
        }
        return new ParsedOutput(content, "", calls);
    }

    @Override
    public ParsedOutput finish() {
        List<ToolCall> calls = new ArrayList<>();
        if (state == State.CALLING) {
            for (ToolCall call = nextCall(false); call != null; call = nextCall(false)) {
                calls.add(call);
            }
        }
        // as Ollama: what is left is content only for JSON tags with no call made; otherwise it is dropped
        String rest = state == State.DONE || (jsonTag() && index == 0) || state == State.LOOKING_FOR_TAG ? buffer.toString() : "";
        buffer.setLength(0);
        return new ParsedOutput(rest, "", calls);
    }

    /** The next complete call at the start of the buffer, consuming it; null when there is none yet. */
    private ToolCall nextCall(boolean waitForPartialNames) {
        String buf = buffer.toString();
        int nameEnd = -1;
        String name = null;
        if (!buf.isEmpty() && !(waitForPartialNames && endsInsideAName(buf))) {
            int start = -1;
            for (String n : toolNames) {
                int pos = buf.indexOf(n);
                if (pos >= 0 && (start < 0 || pos < start || (pos == start && n.length() > name.length()))) {
                    start = pos;
                    name = n;
                    nameEnd = pos + n.length();
                }
            }
        }
        if (name == null) {
            return null;
        }
        JsonScan.Found args = JsonScan.findArguments(buf, name);
        if (args == null) {
            return null;
        }
        buffer.delete(0, Math.max(nameEnd, args.end()));
        return new ToolCall(ToolCallIds.next(), index++, name, args.arguments());
    }

    /** Whether the buffer ends with the beginning of a tool name (wait: "get" may become "get_weather"). */
    private boolean endsInsideAName(String buf) {
        int longest = toolNames.stream().mapToInt(String::length).max().orElse(0);
        for (int i = 1; i <= Math.min(buf.length(), longest); i++) {
            String tail = buf.substring(buf.length() - i);
            for (String n : toolNames) {
                if (tail.length() < n.length() && n.startsWith(tail)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** For "{"/"[" tags: whether the buffer holds a balanced object/array, i.e. the JSON answer is over. */
    private boolean closed() {
        char open = tag.charAt(0), close = open == '{' ? '}' : ']';
        int depth = 0;
        boolean inString = false, escaped = false;
        for (int i = 0; i < buffer.length(); i++) {
            char c = buffer.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = !inString;
            } else if (!inString && c == open) {
                depth++;
            } else if (!inString && c == close && --depth == 0) {
                return true;
            }
        }
        return false;
    }
}
