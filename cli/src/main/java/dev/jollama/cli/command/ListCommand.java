package dev.jollama.cli.command;

import dev.jollama.api.ListModelResponse;
import dev.jollama.api.client.OllamaClient;
import dev.jollama.cli.term.Humanize;
import dev.jollama.cli.term.Table;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code jollama list [prefix]}: NAME, ID, SIZE, MODIFIED of the local models. */
@Command(name = "list", aliases = "ls", description = "List models", customSynopsis = "jollama list")
public final class ListCommand extends ClientCommand {
    @Override
    protected int run() throws Exception {
        print(client, args.isEmpty() ? null : args.getFirst(), out);
        return 0;
    }

    /** The table of models whose name starts with {@code prefix} (any case), or of all. */
    public static void print(OllamaClient client, String namePrefix, PrintStream out) throws IOException {
        Table table = new Table("NAME", "ID", "SIZE", "MODIFIED");
        Instant now = Instant.now();
        String prefix = namePrefix == null ? null : namePrefix.toLowerCase(Locale.ROOT);
        for (ListModelResponse m : client.list().models()) {
            if (prefix != null && !m.name().toLowerCase(Locale.ROOT).startsWith(prefix)) continue;
            String size = m.remoteModel() != null && !m.remoteModel().isEmpty() ? "-" : Humanize.bytes(m.size());
            table.row(m.name(), shortId(m.digest()), size, Humanize.time(m.modifiedAt(), "Never", now));
        }
        out.print(table.render());
    }

    /** The first 12 hex digits of a manifest digest, as the ID column shows it. */
    static String shortId(String digest) {
        String hex = digest == null ? "" : digest.startsWith("sha256:") ? digest.substring(7) : digest;
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
