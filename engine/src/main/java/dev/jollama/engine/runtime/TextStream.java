package dev.jollama.engine.runtime;

import java.util.List;

/**
 * Holds back generated text that could be the start of a stop string until it is clear whether it is one, so that a
 * stop string is never streamed. A complete stop string ends the stream; it and anything after it are never released.
 * Input is whole text (the {@link dev.jollama.engine.tokenizer.StreamingDecoder} already holds back split UTF-8).
 */
final class TextStream {
    private final List<String> stops;
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;

    TextStream(List<String> stops) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
    }

    boolean stopped() {
        return stopped;
    }

    /** Adds text; returns the text that can be released now (possibly empty). */
    String push(String text) {
        if (stopped) return "";
        held.append(text);
        int stopAt = -1;
        for (String s : stops) {
            int i = held.indexOf(s);
            if (i >= 0 && (stopAt < 0 || i < stopAt)) stopAt = i;
        }
        if (stopAt >= 0) {
            stopped = true;
            String out = held.substring(0, stopAt);
            held.setLength(0);
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
        String out = held.toString();
        held.setLength(0);
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
}
