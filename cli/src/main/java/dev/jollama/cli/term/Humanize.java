package dev.jollama.cli.term;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Sizes, counts and times the way Ollama's CLI prints them ({@code format.HumanBytes}, {@code HumanTime}, ...). */
public final class Humanize {
    private Humanize() {}

    private static final long KB = 1000, MB = KB * 1000, GB = MB * 1000, TB = GB * 1000;

    /** "512 B", "1.5 KB", "38 MB", "4.7 GB": decimal units, one decimal below 10 unless whole. */
    public static String bytes(long b) {
        double value;
        String unit;
        if (b >= TB) { value = (double) b / TB; unit = "TB"; }
        else if (b >= GB) { value = (double) b / GB; unit = "GB"; }
        else if (b >= MB) { value = (double) b / MB; unit = "MB"; }
        else if (b >= KB) { value = (double) b / KB; unit = "KB"; }
        else return b + " B";
        if (value >= 10 || value == Math.rint(value)) return (long) value + " " + unit;
        return oneDecimal(value) + " " + unit;
    }

    /** "260K", "7.62M", "8B": parameter counts. */
    public static String number(long n) {
        if (n >= 1_000_000_000L) {
            double v = n / 1e9;
            return (v == Math.floor(v) ? String.valueOf((long) v) : oneDecimal(v)) + "B";
        }
        if (n >= 1_000_000L) {
            double v = n / 1e6;
            return (v == Math.floor(v) ? String.valueOf((long) v) : decimals(v, 2)) + "M";
        }
        if (n >= 1000) return decimals(n / 1e3, 0) + "K";
        return Long.toString(n);
    }

    /** "2 days ago", "4 minutes from now", "Forever"; {@code zero} when the time is unset. */
    public static String time(OffsetDateTime t, String zero, Instant now) {
        if (t == null || t.toInstant().equals(Instant.EPOCH) || t.getYear() <= 1) return zero;
        Duration delta = Duration.between(t.toInstant(), now);
        if (delta.toHours() / 24 / 365 < -20) return "Forever";
        if (delta.isNegative()) return duration(delta.negated()) + " from now";
        return duration(delta) + " ago";
    }

    static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return seconds + " seconds";
        long minutes = d.toMinutes();
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return minutes + " minutes";
        long hours = Math.round(d.toNanos() / 3.6e12);
        if (hours == 1) return "About an hour";
        if (hours < 48) return hours + " hours";
        if (hours < 24 * 7 * 2) return hours / 24 + " days";
        if (hours < 24 * 30 * 2) return hours / 24 / 7 + " weeks";
        if (hours < 24 * 365 * 2) return hours / 24 / 30 + " months";
        return d.toHours() / 24 / 365 + " years";
    }

    private static String oneDecimal(double v) {
        return decimals(v, 1);
    }

    /** Go's %.Nf: the exact binary value rounded half to even. */
    public static String decimals(double v, int n) {
        return new BigDecimal(v).setScale(n, RoundingMode.HALF_EVEN).toPlainString();
    }
}
