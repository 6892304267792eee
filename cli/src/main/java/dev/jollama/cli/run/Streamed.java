package dev.jollama.cli.run;

import dev.jollama.api.client.ResponseStream;
import dev.jollama.cli.term.Progress;
import dev.jollama.cli.term.Spinner;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jline.utils.Signals;

/**
 * Runs a streamed answer the way Ollama's CLI does: a spinner on stderr until the first visible output, Ctrl+C
 * (SIGINT) cancels the answer rather than the program, from the moment the request is sent.
 */
final class Streamed {
    private Streamed() {}

    /** Sends the request; the answer streams back. */
    interface Request<T> {
        ResponseStream<T> send() throws IOException;
    }

    /** Where Ctrl+C lands during one answer: before the stream is open it is remembered, after that it closes it. */
    private static final class Cancel {
        private ResponseStream<?> stream;
        private boolean requested;

        synchronized void request() {
            requested = true;
            if (stream != null) stream.close();
        }

        synchronized boolean opened(ResponseStream<?> s) {
            stream = s;
            if (requested) s.close();
            return !requested;
        }
    }

    /**
     * Sends the request and reads every object of the stream.
     *
     * @param visible whether an object makes output appear (then the spinner is cleared first)
     * @param each what to do with each object
     * @return the last object read, or null when the answer was cancelled
     */
    static <T> T run(Request<T> request, Predicate<T> visible, Consumer<T> each) throws IOException {
        Progress progress = Progress.onStderr();
        progress.add(new Spinner(""));
        Cancel cancel = new Cancel();
        Object previous = Signals.register("INT", cancel::request);
        T last = null;
        try {
            ResponseStream<T> stream = request.send();
            if (!cancel.opened(stream)) return null;
            try (stream) {
                for (T item = stream.read(); item != null; item = stream.read()) {
                    if (visible.test(item)) progress.stopAndClear();
                    each.accept(item);
                    last = item;
                }
            }
            return stream.cancelled() ? null : last;
        } finally {
            progress.stopAndClear();
            Signals.unregister("INT", previous);
        }
    }
}
