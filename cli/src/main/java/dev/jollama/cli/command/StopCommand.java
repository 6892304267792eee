package dev.jollama.cli.command;

import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code jollama stop MODEL}: unloads it now. */
@Command(name = "stop", description = "Stop a running model", customSynopsis = "jollama stop MODEL")
public final class StopCommand extends ClientCommand {
    @Override
    protected int exactArgs() {
        return 1;
    }

    @Override
    protected int run() throws Exception {
        try {
            Unload.model(client, args.getFirst());
        } catch (java.io.IOException e) {
            if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("not found")) {
                throw new IllegalStateException("couldn't find model \"" + args.getFirst() + "\" to stop");
            }
            throw e;
        }
        return 0;
    }
}
