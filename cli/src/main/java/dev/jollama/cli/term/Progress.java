package dev.jollama.cli.term;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Spinners and progress bars redrawn in place on stderr every 100 ms, as Ollama's CLI draws them. When stderr is
 * not a terminal nothing is animated: each state prints one line when it is added (spinners) or finishes (bars).
 */
public final class Progress implements AutoCloseable {

    /** One line of the display. */
    public interface State {
        String render(int width);

        /** The line to print once in plain mode, or null for none yet. */
        default String plainLine() {
            return null;
        }

        default void stop() {}
    }

    private final PrintStream out;
    private final boolean rich;
    private final IntSupplier width;
    private final List<State> states = new ArrayList<>();
    private final List<State> printed = new ArrayList<>();
    private final Thread ticker;
    private int lines;
    private boolean stopped;

    public Progress(PrintStream out, boolean rich, IntSupplier width) {
        this.out = out;
        this.rich = rich;
        this.width = width;
        this.ticker = rich ? Thread.ofPlatform().daemon().name("progress").start(this::tick) : null;
    }

    /** A display on stderr, rich when stderr is a terminal. */
    public static Progress onStderr() {
        return new Progress(System.err, Tty.isTerminal(Tty.STDERR), Terminals::width);
    }

    public synchronized void add(State state) {
        if (stopped) return;
        states.add(state);
        if (!rich) printPlain();
    }

    /** Plain mode: prints lines of states that have become ready since the last call. */
    public synchronized void update() {
        if (!rich) printPlain();
    }

    /** Stops the spinners, draws the final state and moves below it. */
    public void stop() {
        if (finish() && rich) {
            synchronized (this) {
                out.print("\n");
                out.flush();
            }
        }
    }

    /** Stops and erases every line drawn. */
    public void stopAndClear() {
        boolean wasRunning = finish();
        synchronized (this) {
            if (wasRunning && rich) {
                StringBuilder sb = new StringBuilder("\033[?25l");
                for (int i = 0; i < lines; i++) {
                    if (i > 0) sb.append("\033[A");
                    sb.append("\033[2K\033[1G");
                }
                sb.append("\033[?25h");
                out.print(sb);
                out.flush();
                lines = 0;
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private boolean finish() {
        synchronized (this) {
            if (stopped) return false;
            stopped = true;
            states.forEach(State::stop);
            if (rich) render();
            else printPlain();
        }
        if (ticker != null) {
            ticker.interrupt();
            try {
                ticker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return true;
    }

    private void tick() {
        while (true) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (stopped) return;
                render();
            }
        }
    }

    private void render() {
        if (states.isEmpty() && lines == 0) return;
        int w = width.getAsInt();
        StringBuilder sb = new StringBuilder("\033[?2026h\033[?25l");
        for (int i = 0; i < lines - 1; i++) sb.append("\033[A");
        sb.append("\033[1G");
        for (int i = 0; i < states.size(); i++) {
            sb.append(states.get(i).render(w)).append("\033[K");
            if (i < states.size() - 1) sb.append('\n');
        }
        sb.append("\033[?25h\033[?2026l");
        lines = states.size();
        out.print(sb);
        out.flush();
    }

    private void printPlain() {
        for (State s : states) {
            if (printed.contains(s)) continue;
            String line = s.plainLine();
            if (line == null) continue;
            printed.add(s);
            if (!line.isEmpty()) out.println(line);
        }
        out.flush();
    }
}
