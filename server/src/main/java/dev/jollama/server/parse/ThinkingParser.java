package dev.jollama.server.parse;

import dev.jollama.server.template.ThinkingTags;

/**
 * Separates thinking from content when the model wraps it in tags (e.g. {@code <think>...</think>}), as Ollama's
 * thinking parser does: whitespace around the tags is eaten, partial tags are held back, and output that does not
 * start with the opening tag is all content.
 */
public final class ThinkingParser implements OutputParser {

    private enum State { LOOKING_FOR_OPENING, STARTED_EATING_WHITESPACE, THINKING, DONE_EATING_WHITESPACE, DONE }

    private final String opening;
    private final String closing;
    private final StringBuilder acc = new StringBuilder();
    private State state = State.LOOKING_FOR_OPENING;

    public ThinkingParser(ThinkingTags tags) {
        this.opening = tags.opening();
        this.closing = tags.closing();
    }

    /** A parser for output that follows {@code prompt}: if the prompt already opened thinking, output starts inside. */
    public static ThinkingParser afterPrompt(ThinkingTags tags, String prompt) {
        ThinkingParser p = new ThinkingParser(tags);
        if (prompt.strip().endsWith(tags.opening())) {
            p.add(tags.opening());
        }
        return p;
    }

    /** Whether the opening tag has been seen and the closing one not yet. */
    public boolean inThinking() {
        return state == State.STARTED_EATING_WHITESPACE || state == State.THINKING;
    }

    @Override
    public ParsedOutput add(String text) {
        acc.append(text);
        StringBuilder thinking = new StringBuilder(), content = new StringBuilder();
        while (step(thinking, content)) {
            // a piece of text can pass through several states
        }
        return new ParsedOutput(content.toString(), thinking.toString(), null);
    }

    @Override
    public ParsedOutput finish() {
        String rest = acc.toString();
        acc.setLength(0);
        return switch (state) {
            case THINKING, STARTED_EATING_WHITESPACE -> new ParsedOutput("", rest, null);
            case LOOKING_FOR_OPENING -> ParsedOutput.content(rest.isBlank() ? "" : rest);
            default -> ParsedOutput.content(rest);
        };
    }

    /** One state transition; true when the caller should loop again. */
    private boolean step(StringBuilder thinking, StringBuilder content) {
        String s = acc.toString();
        switch (state) {
            case LOOKING_FOR_OPENING -> {
                String trimmed = Overlap.stripLeading(s);
                if (trimmed.startsWith(opening)) {
                    String after = Overlap.stripLeading(trimmed.substring(opening.length()));
                    reset(after);
                    state = after.isEmpty() ? State.STARTED_EATING_WHITESPACE : State.THINKING;
                    return true;
                }
                if (opening.startsWith(trimmed)) {
                    return false; // a partial opening tag, or whitespace only
                }
                state = State.DONE;
                reset("");
                content.append(s); // no thinking: the content keeps its leading whitespace
                return false;
            }
            case STARTED_EATING_WHITESPACE -> {
                String trimmed = Overlap.stripLeading(s);
                reset(trimmed);
                if (trimmed.isEmpty()) {
                    return false;
                }
                state = State.THINKING;
                return true;
            }
            case THINKING -> {
                int end = s.indexOf(closing);
                if (end >= 0) {
                    thinking.append(s, 0, end);
                    String remaining = Overlap.stripLeading(s.substring(end + closing.length()));
                    reset("");
                    state = remaining.isEmpty() ? State.DONE_EATING_WHITESPACE : State.DONE;
                    content.append(remaining);
                    return false;
                }
                int partial = Overlap.suffixPrefix(s, closing);
                thinking.append(s, 0, s.length() - partial);
                reset(s.substring(s.length() - partial));
                return false;
            }
            case DONE_EATING_WHITESPACE -> {
                String trimmed = Overlap.stripLeading(s);
                reset("");
                if (!trimmed.isEmpty()) {
                    state = State.DONE;
                }
                content.append(trimmed);
                return false;
            }
            default -> {
                reset("");
                content.append(s);
                return false;
            }
        }
    }

    private void reset(String s) {
        acc.setLength(0);
        acc.append(s);
    }
}
