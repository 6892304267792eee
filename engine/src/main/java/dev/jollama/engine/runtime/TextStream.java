package dev.jollama.engine.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns generated token bytes into text that is safe to stream: bytes of an unfinished UTF-8 character wait for the
 * rest, and text that could be the start of a stop string waits until it is clear whether it is one. A complete stop
 * string ends the stream; the stop string and anything after it are never released.
 */
final class TextStream {
    private final List<String> stops;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;

    TextStream(List<String> stops) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
    }

    boolean stopped() {
        return stopped;
    }

    /** Adds a token's bytes; returns the text that can be released now (possibly empty). */
    String push(byte[] bytes) {
        if (stopped) return "";
        pending.writeBytes(bytes);
        byte[] all = pending.toByteArray();
        int complete = completeLength(all);
        held.append(new String(all, 0, complete, StandardCharsets.UTF_8));
        pending.reset();
        pending.write(all, complete, all.length - complete);

        int stopAt = -1;
        for (String s : stops) {
            int i = held.indexOf(s);
            if (i >= 0 && (stopAt < 0 || i < stopAt)) stopAt = i;
        }
        if (stopAt >= 0) {
            stopped = true;
            String out = held.substring(0, stopAt);
            held.setLength(0);
            pending.reset();
            return out;
        }
        int keep = 0;
        for (String s : stops) keep = Math.max(keep, partialSuffix(held, s));
        String out = held.substring(0, held.length() - keep);
        held.delete(0, held.length() - keep);
        return out;
    }

    /** Everything still held back, released because generation ended without a stop string. */
    String flush() {
        if (stopped) return "";
        String out = held + new String(pending.toByteArray(), StandardCharsets.UTF_8);
        held.setLength(0);
        pending.reset();
        return out;
    }

    /** Length of the longest suffix of {@code text} that is a proper prefix of {@code stop}. */
    private static int partialSuffix(CharSequence text, String stop) {
        for (int len = Math.min(stop.length() - 1, text.length()); len > 0; len--) {
            boolean match = true;
            for (int i = 0; i < len && match; i++) match = text.charAt(text.length() - len + i) == stop.charAt(i);
            if (match) return len;
        }
        return 0;
    }

    /** Bytes up to the end of the last complete UTF-8 character (invalid bytes count as complete). */
    static int completeLength(byte[] b) {
        int n = b.length;
        for (int back = 1; back <= Math.min(4, n); back++) {
            int c = b[n - back] & 0xFF;
            if ((c & 0xC0) == 0x80) continue; // continuation byte: look further back
            int need = c >= 0xF0 && c < 0xF8 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            return need > back ? n - back : n;
        }
        return n;
    }
}
