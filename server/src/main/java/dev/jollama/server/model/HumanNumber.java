package dev.jollama.server.model;

import java.util.Locale;

/** Ollama's format.HumanNumber: parameter counts as "7.6B", "135.73M", "260K", "999". */
public final class HumanNumber {
    private HumanNumber() {}

    public static String format(long n) {
        if (n >= 1_000_000_000L) return scaled(n / 1e9, "B", "%.1f");
        if (n >= 1_000_000L) return scaled(n / 1e6, "M", "%.2f");
        if (n >= 1_000L) return String.format(Locale.ROOT, "%.0fK", n / 1e3);
        return Long.toString(n);
    }

    private static String scaled(double v, String unit, String fractional) {
        if (v == Math.floor(v)) return String.format(Locale.ROOT, "%.0f%s", v, unit);
        return String.format(Locale.ROOT, fractional + "%s", v, unit);
    }
}
