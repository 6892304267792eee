package dev.jollama.cli.term;

/** A status message with a braille spinner after it while the step runs. */
public final class Spinner implements Progress.State {
    private static final String[] FRAMES = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};

    private final long started = System.nanoTime();
    private volatile String message;
    private volatile boolean stopped;

    public Spinner(String message) {
        this.message = message;
    }

    public void message(String message) {
        this.message = message;
    }

    @Override
    public void stop() {
        stopped = true;
    }

    @Override
    public String render(int width) {
        StringBuilder sb = new StringBuilder();
        String m = message.strip();
        if (!m.isEmpty()) sb.append(m).append(' ');
        if (!stopped) sb.append(FRAMES[(int) ((System.nanoTime() - started) / 100_000_000L % FRAMES.length)]).append(' ');
        return sb.toString();
    }

    @Override
    public String plainLine() {
        return message.strip();
    }
}
