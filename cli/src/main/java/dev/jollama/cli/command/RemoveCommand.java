package dev.jollama.cli.command;

import dev.jollama.api.DeleteRequest;
import java.io.IOException;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code jollama rm MODEL [MODEL...]}: unloads each model if it is loaded, then deletes it. */
@Command(name = "rm", description = "Remove a model", customSynopsis = "jollama rm MODEL [MODEL...]")
public final class RemoveCommand extends ClientCommand {
    @Override
    protected int minArgs() {
        return 1;
    }

    @Override
    protected int run() throws Exception {
        for (String model : args) {
            try {
                Unload.model(client, model);
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("not found")) {
                    err.printf("Warning: unable to stop model '%s'%n", model);
                }
            }
            client.delete(DeleteRequest.of(model));
            out.printf("deleted '%s'%n", model);
        }
        return 0;
    }
}
