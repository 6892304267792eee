package dev.jollama.cli.term;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** The one JLine system terminal of the process, created on first use; its width or 80 columns. */
public final class Terminals {
    private Terminals() {}

    private static Terminal terminal;

    public static synchronized Terminal system() {
        if (terminal == null) {
            try {
                terminal = TerminalBuilder.builder().system(true).systemOutput(TerminalBuilder.SystemOutput.SysOutOrSysErr)
                        .dumb(true).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return terminal;
    }

    /** Columns of the terminal, 80 when unknown. */
    public static int width() {
        int w = system().getWidth();
        return w > 0 ? w : 80;
    }
}
