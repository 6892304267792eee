package dev.jollama.cli.command;

import dev.jollama.api.ProgressResponse;
import dev.jollama.cli.term.Progress;
import dev.jollama.cli.term.ProgressBar;
import dev.jollama.cli.term.Spinner;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The progress display of pull, push and create: a bar per layer digest (sizes, speed, time left) and a spinner
 * per status line, as Ollama's CLI draws them.
 */
final class TransferView {
    private final Progress progress;
    private final Function<ProgressResponse, String> barName;
    private final boolean skipEmptyStart;
    private final Map<String, ProgressBar> bars = new HashMap<>();
    private String status;
    private Spinner spinner;

    /**
     * @param skipEmptyStart whether a layer's first "0 of N" line is skipped (pull shows a bar only once bytes flow)
     */
    TransferView(Progress progress, Function<ProgressResponse, String> barName, boolean skipEmptyStart) {
        this.progress = progress;
        this.barName = barName;
        this.skipEmptyStart = skipEmptyStart;
    }

    /** Starts with a spinner already showing (create's "gathering model components"). */
    TransferView startWith(Spinner first, String firstStatus) {
        this.spinner = first;
        this.status = firstStatus;
        return this;
    }

    void accept(ProgressResponse r) {
        if (r.digest() != null && !r.digest().isEmpty()) {
            if (skipEmptyStart && r.completed() == 0) return;
            if (spinner != null) spinner.stop();
            ProgressBar bar = bars.get(r.digest());
            if (bar == null) {
                bar = new ProgressBar(barName.apply(r), r.total(), r.completed());
                bars.put(r.digest(), bar);
                progress.add(bar);
            }
            bar.set(r.completed());
        } else if (!r.status().equals(status)) {
            if (spinner != null) spinner.stop();
            status = r.status();
            spinner = new Spinner(status);
            progress.add(spinner);
        }
        progress.update();
    }

    void stop() {
        if (spinner != null) spinner.stop();
    }

    /** "abc123def456" from "sha256:abc123def456...". */
    static String shortDigest(String digest) {
        String d = digest.startsWith("sha256:") ? digest.substring(7).strip() : digest.strip();
        return digest.startsWith("sha256:") ? d.substring(0, Math.min(12, d.length())) : d;
    }
}
