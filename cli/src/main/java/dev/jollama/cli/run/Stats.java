package dev.jollama.cli.run;

import dev.jollama.api.GoDuration;
import dev.jollama.api.Metrics;
import dev.jollama.cli.term.Humanize;
import java.io.PrintStream;

/** The timings {@code --verbose} prints after an answer, in Ollama's words and layout. */
final class Stats {
    private Stats() {}

    static void print(Metrics m, PrintStream err) {
        if (m == null) return;
        StringBuilder sb = new StringBuilder();
        if (m.totalDuration() > 0) sb.append("total duration:       ").append(GoDuration.format(m.totalDuration())).append('\n');
        if (m.loadDuration() > 0) sb.append("load duration:        ").append(GoDuration.format(m.loadDuration())).append('\n');
        if (m.promptEvalCount() > 0) sb.append("prompt eval count:    ").append(m.promptEvalCount()).append(" token(s)\n");
        if (m.promptEvalDuration() > 0) {
            sb.append("prompt eval duration: ").append(GoDuration.format(m.promptEvalDuration())).append('\n');
            sb.append("prompt eval rate:     ").append(rate(m.promptEvalCount(), m.promptEvalDuration())).append(" tokens/s\n");
        }
        if (m.evalCount() > 0) sb.append("eval count:           ").append(m.evalCount()).append(" token(s)\n");
        if (m.evalDuration() > 0) {
            sb.append("eval duration:        ").append(GoDuration.format(m.evalDuration())).append('\n');
            sb.append("eval rate:            ").append(rate(m.evalCount(), m.evalDuration())).append(" tokens/s\n");
        }
        err.print(sb);
        err.flush();
    }

    private static String rate(int count, long nanos) {
        return Humanize.decimals(count / (nanos / 1e9), 2);
    }
}
