package dev.jollama.cli.term;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A transfer bar as Ollama draws it: {@code message  42% ▕████      ▏ 1.2 GB/2.9 GB  38 MB/s  45s}. The speed is
 * measured over the last ten one-second samples; the time left is what remains at that speed.
 */
public final class ProgressBar implements Progress.State {
    private static final int MAX_SAMPLES = 10;

    private record Sample(long nanos, long value) {}

    private final String message;
    private final long max;
    private final long initial;
    private final long started;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private long current;
    private long stoppedAt;

    public ProgressBar(String message, long max, long initial) {
        this.message = message;
        this.max = max;
        this.initial = initial;
        this.current = initial;
        this.started = System.nanoTime();
        if (initial >= max) stoppedAt = started;
    }

    public synchronized void set(long value) {
        long v = Math.min(value, max);
        current = v;
        long now = System.nanoTime();
        if (current >= max && stoppedAt == 0) stoppedAt = now;
        if (samples.isEmpty() || now - samples.getLast().nanos() > 1_000_000_000L) {
            samples.addLast(new Sample(now, v));
            if (samples.size() > MAX_SAMPLES) samples.removeFirst();
        }
    }

    public synchronized boolean done() {
        return stoppedAt != 0;
    }

    @Override
    public synchronized String render(int width) {
        StringBuilder pre = new StringBuilder();
        String m = message.strip();
        if (!m.isEmpty()) pre.append(m).append(' ');
        pre.append(leftPad(Humanize.decimals(percent(), 0), 3)).append('%');

        boolean running = stoppedAt == 0;
        StringBuilder suf = new StringBuilder();
        if (running) {
            suf.append(leftPad(Humanize.bytes(current), 6)).append('/').append(leftPad(Humanize.bytes(max), 6));
        } else {
            suf.append(leftPad(Humanize.bytes(max), 6)).append(" ".repeat(7));
        }
        double rate = rate();
        if (running && rate > 0) {
            suf.append("  ").append(leftPad(Humanize.bytes((long) rate), 6)).append("/s");
            long remaining = (long) ((max - current) / rate);
            suf.append("  ").append(leftPad(eta(remaining), 6));
        } else {
            suf.append(" ".repeat(18));
        }

        int free = width - Width.of(pre.toString()) - suf.length() - 5;
        int filled = (int) (free * percent() / 100);
        return pre + " ▕" + "█".repeat(Math.max(0, filled)) + " ".repeat(Math.max(0, free - filled)) + "▏ " + suf;
    }

    @Override
    public synchronized String plainLine() {
        return done() ? message.strip() + " 100% " + Humanize.bytes(max) : null;
    }

    private double percent() {
        return max > 0 ? (double) current / max * 100 : 0;
    }

    private double rate() {
        double numerator;
        double seconds;
        if (stoppedAt != 0) {
            numerator = current - initial;
            seconds = Math.round((stoppedAt - started) / 1e9);
        } else if (samples.isEmpty()) {
            return 0;
        } else if (samples.size() == 1) {
            numerator = samples.getFirst().value() - initial;
            seconds = Math.round((samples.getFirst().nanos() - started) / 1e9);
        } else {
            numerator = samples.getLast().value() - samples.getFirst().value();
            seconds = Math.round((samples.getLast().nanos() - samples.getFirst().nanos()) / 1e9);
        }
        return seconds != 0 ? numerator / seconds : 0;
    }

    /** Two units at most: "45s", "3m20s", "2h5m", "99h+". */
    static String eta(long seconds) {
        if (seconds >= 100 * 3600) return "99h+";
        if (seconds >= 3600) return seconds / 3600 + "h" + seconds / 60 % 60 + "m";
        if (seconds >= 60) return seconds / 60 + "m" + seconds % 60 + "s";
        return seconds + "s";
    }

    private static String leftPad(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }
}
