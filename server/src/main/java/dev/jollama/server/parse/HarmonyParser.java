package dev.jollama.server.parse;

import dev.jollama.server.template.ToolCall;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * gpt-oss "harmony" output: messages {@code <|start|>ROLE[ to=RECIPIENT]<|channel|>CHANNEL[ <|constrain|>json]
 * <|message|>TEXT<|end|>}. Channel {@code analysis} is thinking, {@code final} (or {@code commentary} without a
 * recipient) is content, and a message to {@code functions.NAME} is a tool call whose text is its JSON arguments.
 * The prompt ends inside an assistant header, so parsing starts there (or inside a prefilled final/analysis
 * message). {@code <|call|>} and {@code <|return|>} end a message too, in case the engine passes them through.
 */
public final class HarmonyParser implements OutputParser {

    private static final String START = "<|start|>", MESSAGE = "<|message|>", CHANNEL = "<|channel|>",
            CONSTRAIN = "<|constrain|>";
    private static final List<String> ENDS = List.of("<|end|>", "<|call|>", "<|return|>");

    private enum State { LOOKING_FOR_START, HEADER, CONTENT }

    private enum Target { CONTENT, THINKING, TOOL }

    private final HarmonyFunctionNames names;
    private final StringBuilder acc = new StringBuilder();
    private final StringBuilder toolArguments = new StringBuilder();
    private State state = State.HEADER;
    private Target target = Target.CONTENT;
    private String recipient;
    private int index;

    private HarmonyParser(HarmonyFunctionNames names, String prefill) {
        this.names = names;
        acc.append(prefill);
    }

    /** Output following a prompt that ends with {@code <|start|>assistant}. */
    public static HarmonyParser afterAssistantStart(HarmonyFunctionNames names) {
        return new HarmonyParser(names, "assistant");
    }

    /** Output continuing a prefilled assistant message: its content (final channel) or else its thinking. */
    public static HarmonyParser afterPrefill(HarmonyFunctionNames names, String content, String thinking) {
        if (!content.isEmpty()) {
            return new HarmonyParser(names, "assistant" + CHANNEL + "final" + MESSAGE);
        }
        if (!thinking.isEmpty()) {
            return new HarmonyParser(names, "assistant" + CHANNEL + "analysis" + MESSAGE);
        }
        return afterAssistantStart(names);
    }

    @Override
    public ParsedOutput add(String text) {
        acc.append(text);
        ParsedOutput out = ParsedOutput.EMPTY;
        while (true) {
            ParsedOutput step = step();
            if (step == null) {
                return out;
            }
            out = out.plus(step);
        }
    }

    @Override
    public ParsedOutput finish() {
        ParsedOutput out = ParsedOutput.EMPTY;
        if (state == State.CONTENT) {
            out = emit(acc.toString());
            acc.setLength(0);
            out = out.plus(endMessage());
        }
        return out;
    }

    /** One transition; null when more text is needed. */
    private ParsedOutput step() {
        String s = acc.toString();
        switch (state) {
            case LOOKING_FOR_START -> {
                int i = s.indexOf(START);
                if (i < 0) {
                    return null;
                }
                acc.delete(0, i + START.length());
                state = State.HEADER;
                return ParsedOutput.EMPTY;
            }
            case HEADER -> {
                int i = s.indexOf(MESSAGE);
                if (i < 0) {
                    return null;
                }
                header(s.substring(0, i));
                acc.delete(0, i + MESSAGE.length());
                state = State.CONTENT;
                return ParsedOutput.EMPTY;
            }
            default -> {
                int end = -1, endLength = 0;
                for (String tag : ENDS) {
                    int i = s.indexOf(tag);
                    if (i >= 0 && (end < 0 || i < end)) {
                        end = i;
                        endLength = tag.length();
                    }
                }
                if (end >= 0) {
                    ParsedOutput out = emit(s.substring(0, end));
                    acc.delete(0, end + endLength);
                    state = State.LOOKING_FOR_START;
                    return out.plus(endMessage());
                }
                int held = 0;
                for (String tag : ENDS) {
                    held = Math.max(held, Overlap.suffixPrefix(s, tag));
                }
                if (held == s.length()) {
                    return null;
                }
                acc.delete(0, s.length() - held);
                ParsedOutput out = emit(s.substring(0, s.length() - held));
                return out.isEmpty() ? null : out;
            }
        }
    }

    private void header(String raw) {
        raw = raw.replaceFirst("\\Q" + CONSTRAIN + "\\E", " " + CONSTRAIN).strip();
        String channel = "";
        int c = raw.indexOf(CHANNEL);
        if (c >= 0) {
            String after = raw.substring(c + CHANNEL.length());
            int ws = 0;
            while (ws < after.length() && !Character.isWhitespace(after.charAt(ws))) {
                ws++;
            }
            channel = after.substring(0, ws);
            raw = (raw.substring(0, c) + after.substring(ws)).strip();
        }
        String[] words = raw.isEmpty() ? new String[0] : raw.split("\\s+");
        recipient = null;
        if (words.length > 0 && words[0].startsWith("to=")) {
            recipient = words[0].substring(3);
        } else if (words.length > 1 && words[1].startsWith("to=")) {
            recipient = words[1].substring(3);
        }
        target = switch (channel) {
            case "analysis" -> recipient != null ? Target.TOOL : Target.THINKING;
            case "commentary" -> recipient != null ? Target.TOOL : Target.CONTENT;
            default -> Target.CONTENT;
        };
        toolArguments.setLength(0);
    }

    private ParsedOutput emit(String text) {
        if (text.isEmpty()) {
            return ParsedOutput.EMPTY;
        }
        return switch (target) {
            case CONTENT -> ParsedOutput.content(text);
            case THINKING -> new ParsedOutput("", text, null);
            case TOOL -> {
                toolArguments.append(text);
                yield ParsedOutput.EMPTY;
            }
        };
    }

    /** At the end of a message to a function, its arguments are complete: emit the call. */
    private ParsedOutput endMessage() {
        Target ended = target;
        target = Target.CONTENT;
        if (ended != Target.TOOL) {
            return ParsedOutput.EMPTY;
        }
        String name = names.original(recipient.startsWith("functions.") ? recipient.substring("functions.".length()) : recipient);
        String raw = toolArguments.toString().strip();
        Map<String, Object> args = raw.isEmpty() ? Map.of() : JsonScan.parseObject(raw);
        if (args == null) {
            throw new OutputParseException("error parsing tool call: raw='" + raw + "'");
        }
        List<ToolCall> calls = new ArrayList<>();
        calls.add(new ToolCall(ToolCallIds.next(), index++, name, args));
        return new ParsedOutput("", "", calls);
    }
}
