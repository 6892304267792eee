package dev.jollama.cli.run;

import dev.jollama.api.Json;
import dev.jollama.api.ToolCall;
import dev.jollama.cli.term.Width;
import java.io.PrintStream;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Prints a streamed answer as Ollama's CLI does: thinking in grey between "Thinking..." and "...done thinking.",
 * then the content, word-wrapped at the terminal width (a word that would cross the edge is moved to the next
 * line), and tool calls the model made as a note (the CLI offers it no tools).
 */
public final class AnswerPrinter {
    static final String GREY = "\033[38;5;245m";
    static final String BOLD = "\033[1m";
    static final String DEFAULT = "\033[0m";

    private final PrintStream out;
    private final boolean wordWrap;
    private final boolean rich;
    private final boolean hideThinking;
    private final IntSupplier width;
    private final StringBuilder thinking = new StringBuilder();
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder word = new StringBuilder();
    private int lineLength;
    private boolean thinkingOpen;
    private boolean thinkingClosed;

    public AnswerPrinter(PrintStream out, boolean wordWrap, boolean rich, boolean hideThinking, IntSupplier width) {
        this.out = out;
        this.wordWrap = wordWrap;
        this.rich = rich;
        this.hideThinking = hideThinking;
        this.width = width;
    }

    /** Whether this chunk makes something appear (the spinner is cleared before it). */
    public boolean shows(String thinkingChunk, String contentChunk) {
        return !empty(contentChunk) || !hideThinking;
    }

    public void accept(String thinkingChunk, String contentChunk, List<ToolCall> toolCalls) {
        if (!empty(thinkingChunk) && !hideThinking) {
            if (!thinkingOpen) {
                out.print(rich ? GREY + BOLD + "Thinking...\n" + DEFAULT + GREY : "Thinking...\n");
                thinkingOpen = true;
                thinkingClosed = false;
            }
            thinking.append(thinkingChunk);
            display(thinkingChunk);
        }
        boolean hasCalls = toolCalls != null && !toolCalls.isEmpty();
        if (thinkingOpen && !thinkingClosed && (!empty(contentChunk) || hasCalls)) {
            if (thinking.isEmpty() || thinking.charAt(thinking.length() - 1) != '\n') out.println();
            out.print(rich ? GREY + BOLD + "...done thinking.\n\n" + DEFAULT : "...done thinking.\n\n");
            thinkingOpen = false;
            thinkingClosed = true;
            lineLength = 0;
            word.setLength(0);
        }
        if (!empty(contentChunk)) content.append(contentChunk);
        if (hasCalls) out.print(toolCalls(toolCalls));
        if (!empty(contentChunk)) display(contentChunk);
        out.flush();
    }

    /** The content printed so far (without thinking). */
    public String content() {
        return content.toString();
    }

    public String thinking() {
        return thinking.toString();
    }

    private void display(String text) {
        int columns = width.getAsInt();
        if (!wordWrap || columns < 10) {
            out.print(word);
            out.print(text);
            word.setLength(0);
            return;
        }
        for (int i = 0; i < text.length(); ) {
            int ch = text.codePointAt(i);
            i += Character.charCount(ch);
            int w = Width.of(ch);
            if (lineLength + 1 > columns - 5) {
                int wordWidth = Width.of(word.toString());
                if (wordWidth > columns - 10) {
                    // too long to move: break it where it is
                    out.print("\n");
                    out.print(Character.toString(ch));
                    word.setLength(0);
                    lineLength = w;
                    continue;
                }
                if (wordWidth > 0) out.print("\033[" + wordWidth + "D");
                out.print("\033[K\n");
                out.print(word);
                out.print(Character.toString(ch));
                lineLength = wordWidth + w;
                if (ch == ' ' || ch == '\t' || w >= 2) word.setLength(0);
                else word.appendCodePoint(ch);
                continue;
            }
            out.print(Character.toString(ch));
            lineLength += w;
            if (w >= 2) {
                word.setLength(0);
            } else if (ch == ' ' || ch == '\t') {
                word.setLength(0);
            } else if (ch == '\n' || ch == '\r') {
                lineLength = 0;
                word.setLength(0);
            } else {
                word.appendCodePoint(ch);
            }
        }
    }

    private String toolCalls(List<ToolCall> calls) {
        StringBuilder sb = new StringBuilder();
        String explain = rich ? GREY + BOLD : "";
        String values = rich ? DEFAULT : "";
        sb.append(explain);
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            if (i > 0) sb.append('\n');
            sb.append("  Model called a non-existent function '").append(values).append(call.function().name())
                    .append(explain).append("()' with arguments: ").append(values)
                    .append(Json.write(call.function().arguments())).append(explain);
        }
        if (rich) sb.append(DEFAULT);
        return sb.toString();
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }
}
