package dev.jollama.cli.command;

import dev.jollama.api.PushRequest;
import dev.jollama.api.client.OllamaException;
import dev.jollama.cli.term.Progress;
import dev.jollama.server.store.ModelName;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jollama push MODEL}: uploads a model to its registry with a progress bar per layer. */
@Command(name = "push", description = "Push a model to a registry", customSynopsis = "jollama push MODEL")
public final class PushCommand extends ClientCommand {
    @Option(names = "--insecure", description = "Use an insecure registry")
    boolean insecure;

    @Override
    protected int exactArgs() {
        return 1;
    }

    @Override
    protected int run() throws Exception {
        String model = args.getFirst();
        try (Progress progress = Progress.onStderr()) {
            TransferView view = new TransferView(progress, r -> r.status() != null && !r.status().isEmpty()
                    ? r.status() : "pushing " + TransferView.shortDigest(r.digest()) + "...", false);
            try {
                client.push(new PushRequest(model, insecure, null, null, null, null), view::accept);
            } catch (OllamaException e) {
                String text = e.getMessage().toLowerCase(Locale.ROOT);
                if (text.contains("access denied") || text.contains("unauthorized")) {
                    throw new IllegalStateException("you are not authorized to push to this namespace, create the model under a namespace you own");
                }
                throw e;
            } finally {
                view.stop();
            }
        }
        out.printf("%nYou can find your model at:%n%n\t%s%n", destination(model));
        return 0;
    }

    /** ollama.com models get their web page; others their full name. */
    static String destination(String model) {
        ModelName n = ModelName.parse(model);
        if (n.host().endsWith(".ollama.ai") || n.host().endsWith(".ollama.com")) {
            String shortest = n.displayShortest();
            return "https://ollama.com/" + (shortest.endsWith(":latest") ? shortest.substring(0, shortest.length() - 7) : shortest);
        }
        return n.toString();
    }
}
