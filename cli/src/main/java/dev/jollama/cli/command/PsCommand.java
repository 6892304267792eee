package dev.jollama.cli.command;

import dev.jollama.api.ProcessModelResponse;
import dev.jollama.cli.term.Humanize;
import dev.jollama.cli.term.Table;
import java.time.Instant;
import picocli.CommandLine.Command;

/** {@code jollama ps [prefix]}: NAME, ID, SIZE, PROCESSOR, CONTEXT, UNTIL of the loaded models. */
@Command(name = "ps", description = "List running models", customSynopsis = "jollama ps")
public final class PsCommand extends ClientCommand {
    @Override
    protected int run() throws Exception {
        Table table = new Table("NAME", "ID", "SIZE", "PROCESSOR", "CONTEXT", "UNTIL");
        Instant now = Instant.now();
        for (ProcessModelResponse m : client.ps().models()) {
            if (!args.isEmpty() && !m.name().startsWith(args.getFirst())) continue;
            String until = m.expiresAt() != null && m.expiresAt().toInstant().isBefore(now)
                    ? "Stopping..." : Humanize.time(m.expiresAt(), "Never", now);
            table.row(m.name(), ListCommand.shortId(m.digest()), Humanize.bytes(m.size()), processor(m.size(), m.sizeVram()),
                    Integer.toString(m.contextLength()), until);
        }
        out.print(table.render());
        return 0;
    }

    /** "100% CPU", "100% GPU" or "48%/52% CPU/GPU" from the model's total and VRAM sizes. */
    static String processor(long size, long vram) {
        if (vram == 0) return "100% CPU";
        if (vram == size) return "100% GPU";
        if (vram > size || size == 0) return "Unknown";
        long cpu = Math.round((double) (size - vram) / size * 100);
        return cpu + "%/" + (100 - cpu) + "% CPU/GPU";
    }
}
