package dev.jollama.api;

/** Helpers for the legacy {@code name} field many requests still accept beside {@code model}. */
final class Names {
    private Names() {}

    /** Go's cmp.Or: the first non-empty string, or "". */
    static String either(String preferred, String legacy) {
        if (preferred != null && !preferred.isEmpty()) return preferred;
        return legacy == null ? "" : legacy;
    }
}
