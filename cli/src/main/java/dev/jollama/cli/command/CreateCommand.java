package dev.jollama.cli.command;

import dev.jollama.api.CreateRequest;
import dev.jollama.api.client.OllamaClient;
import dev.jollama.api.modelfile.CreatePlan;
import dev.jollama.api.modelfile.Modelfile;
import dev.jollama.cli.term.Progress;
import dev.jollama.cli.term.Spinner;
import dev.jollama.server.store.ModelName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jollama create MODEL [-f Modelfile]}: parses the Modelfile here, uploads the local files it names as
 * blobs (skipping those the server has), then streams the server's create progress.
 */
@Command(name = "create", description = "Create a model", customSynopsis = "jollama create MODEL")
public final class CreateCommand extends ClientCommand {
    @Option(names = {"-f", "--file"}, description = "Name of the Modelfile (default \"Modelfile\")")
    String file;

    @Option(names = {"-q", "--quantize"}, description = "Quantize model to this level (e.g. q4_K_M)")
    String quantize;

    @Override
    protected int exactArgs() {
        return 1;
    }

    @Override
    protected int run() throws Exception {
        String name = args.getFirst();
        if (!ModelName.parse(name).isValid()) throw new IllegalArgumentException("invalid model name: " + name);
        Path modelfilePath = Path.of(file == null ? "Modelfile" : file).toAbsolutePath();
        Modelfile modelfile;
        Path dir;
        if (Files.exists(modelfilePath)) {
            modelfile = Modelfile.read(modelfilePath);
            dir = modelfilePath.getParent();
        } else if (file == null) {
            modelfile = Modelfile.parse("FROM .\n"); // no Modelfile: the current directory is the model
            dir = Path.of("").toAbsolutePath();
        } else {
            throw new IllegalStateException("specified Modelfile wasn't found");
        }

        try (Progress progress = Progress.onStderr()) {
            String status = "gathering model components";
            Spinner spinner = new Spinner(status);
            progress.add(spinner);
            CreatePlan plan = CreatePlan.of(modelfile, dir, warning -> out.println(warning));
            spinner.stop();

            Map<String, String> files = CreatePlan.named(plan.files());
            Map<String, String> adapters = CreatePlan.named(plan.adapters());
            Map<String, String> drafts = CreatePlan.named(plan.draftFiles());
            List<Map.Entry<Path, String>> uploads = new ArrayList<>(plan.files().entrySet());
            uploads.addAll(plan.adapters().entrySet());
            uploads.addAll(plan.draftFiles().entrySet());
            upload(client, uploads, progress);

            CreateRequest request = plan.request(name, quantize, files, adapters, drafts);
            TransferView view = new TransferView(progress, r -> r.status() != null && !r.status().isEmpty()
                    ? r.status() : "pulling " + TransferView.shortDigest(r.digest()) + "...", false)
                    .startWith(spinner, status);
            try {
                client.create(request, view::accept);
            } finally {
                view.stop();
            }
        }
        return 0;
    }

    /** Uploads blobs the server does not have yet, several at a time, each with a "copying file" line. */
    private static void upload(OllamaClient client, List<Map.Entry<Path, String>> files, Progress progress)
            throws Exception {
        Semaphore slots = new Semaphore(Math.max(Runtime.getRuntime().availableProcessors() - 1, 1));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Void>> done = new ArrayList<>();
            for (Map.Entry<Path, String> f : files) {
                done.add(pool.submit(() -> {
                    slots.acquire();
                    try {
                        uploadOne(client, f.getKey(), f.getValue(), progress);
                    } finally {
                        slots.release();
                    }
                    return null;
                }));
            }
            for (Future<Void> d : done) {
                try {
                    d.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof Exception cause) throw cause;
                    throw e;
                }
            }
        }
    }

    private static void uploadOne(OllamaClient client, Path path, String digest, Progress progress) throws IOException {
        CopyLine line = new CopyLine(digest);
        progress.add(line);
        if (!client.hasBlob(digest)) {
            long size = Math.max(1, Files.size(path));
            client.createBlob(digest, path, sent -> line.percent((int) (100 * sent / size)));
        }
        line.percent(100);
        line.stop();
        progress.update();
    }

    /** "copying file sha256:... 42%", printed once at 100% when not on a terminal. */
    private static final class CopyLine implements Progress.State {
        private final Spinner spinner;
        private final String digest;
        private volatile int percent;

        CopyLine(String digest) {
            this.digest = digest;
            this.spinner = new Spinner(text(0));
        }

        private String text(int p) {
            return "copying file " + digest + " " + p + "%";
        }

        void percent(int p) {
            percent = p;
            spinner.message(text(p));
        }

        @Override
        public String render(int width) {
            return spinner.render(width);
        }

        @Override
        public String plainLine() {
            return percent == 100 ? text(100) : null;
        }

        @Override
        public void stop() {
            spinner.stop();
        }
    }
}
