package dev.jollama.cli.command;

import dev.jollama.api.CopyRequest;
import picocli.CommandLine.Command;

/** {@code jollama cp SOURCE DESTINATION}. */
@Command(name = "cp", description = "Copy a model", customSynopsis = "jollama cp SOURCE DESTINATION")
public final class CopyCommand extends ClientCommand {
    @Override
    protected int exactArgs() {
        return 2;
    }

    @Override
    protected int run() throws Exception {
        client.copy(new CopyRequest(args.get(0), args.get(1)));
        out.printf("copied '%s' to '%s'%n", args.get(0), args.get(1));
        return 0;
    }
}
