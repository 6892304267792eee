package dev.jollama.cli.run;

import dev.jollama.api.client.ResponseStream;
import dev.jollama.cli.term.Progress;
import dev.jollama.cli.term.Spinner;
import java.io.IOException;
import java.util.function.Predicate;
import org.jline.utils.Signals;

/**
 * Runs a streamed answer the way Ollama's CLI does: a spinner on stderr until the first visible output, Ctrl+C
 * (SIGINT) cancels the answer rather than the program.
 */
final class Streamed {
    private Streamed() {}

    /**
     * Reads every object of the stream.
     *
     * @param visible whether an object makes output appear (then the spinner is cleared first)
     * @param each what to do with each object
     * @return the last object read, or null when the answer was cancelled
     */
    static <T> T run(ResponseStream<T> stream, Predicate<T> visible, java.util.function.Consumer<T> each)
            throws IOException {
        Progress progress = Progress.onStderr();
        progress.add(new Spinner(""));
        Object previous = Signals.register("INT", stream::close);
        T last = null;
        try (stream) {
            for (T item = stream.read(); item != null; item = stream.read()) {
                if (visible.test(item)) progress.stopAndClear();
                each.accept(item);
                last = item;
            }
        } finally {
            progress.stopAndClear();
            Signals.unregister("INT", previous);
        }
        return stream.cancelled() ? null : last;
    }
}
