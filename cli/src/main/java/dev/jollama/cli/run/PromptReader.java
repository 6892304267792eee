package dev.jollama.cli.run;

import java.util.List;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * A JLine reader that shows a grey placeholder after the prompt while the line is empty and being edited, as
 * Ollama's does (it is gone once the line is entered, interrupted or ended).
 */
final class PromptReader extends LineReaderImpl {
    private static final AttributedStyle GREY = AttributedStyle.DEFAULT.foreground(245);

    volatile String placeholder = "";
    private volatile boolean finishing;

    PromptReader(Terminal terminal) {
        super(terminal, "jollama", new java.util.HashMap<>());
    }

    @Override
    public String readLine(String prompt) {
        finishing = false;
        return super.readLine(prompt);
    }

    /** The last redraw of a line (entered, interrupted or ended) shows it without the placeholder. */
    @Override
    protected void cleanup() {
        finishing = true;
        super.cleanup();
    }

    @Override
    public AttributedString getDisplayedBufferWithPrompts(List<AttributedString> secondaryPrompts) {
        AttributedString shown = super.getDisplayedBufferWithPrompts(secondaryPrompts);
        if (buf.length() > 0 || placeholder.isEmpty() || finishing) return shown;
        return new AttributedStringBuilder().append(shown).append(placeholder, GREY).toAttributedString();
    }
}
