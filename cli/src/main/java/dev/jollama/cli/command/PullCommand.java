package dev.jollama.cli.command;

import dev.jollama.api.PullRequest;
import dev.jollama.api.client.OllamaClient;
import dev.jollama.cli.term.Progress;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jollama pull MODEL}: downloads a model with a progress bar per layer. */
@Command(name = "pull", description = "Pull a model from a registry", customSynopsis = "jollama pull MODEL")
public final class PullCommand extends ClientCommand {
    @Option(names = "--insecure", description = "Use an insecure registry")
    boolean insecure;

    @Override
    protected int exactArgs() {
        return 1;
    }

    @Override
    protected int run() throws Exception {
        pull(client, args.getFirst(), insecure);
        return 0;
    }

    /** Pulls with the progress display on stderr (also used by run for a missing model). */
    static void pull(OllamaClient client, String model, boolean insecure) throws IOException {
        try (Progress progress = Progress.onStderr()) {
            TransferView view = new TransferView(progress, r -> "pulling " + TransferView.shortDigest(r.digest()) + ":", true);
            client.pull(new PullRequest(model, insecure, null, null, null, null), view::accept);
            view.stop();
        }
    }
}
