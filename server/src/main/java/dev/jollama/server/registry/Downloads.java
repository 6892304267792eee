package dev.jollama.server.registry;

import dev.jollama.api.ProgressResponse;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The blob downloads under way in this server, one per blob file: a pull that needs a blob another pull is already
 * fetching waits for that download instead of starting a second one (Ollama's blobDownloadManager).
 */
final class Downloads {
    private final Map<Path, BlobDownload> running = new HashMap<>();
    private final TransferTuning tuning;

    Downloads(TransferTuning tuning) {
        this.tuning = tuning;
    }

    TransferTuning tuning() {
        return tuning;
    }

    /**
     * Makes sure the blob {@code digest} (of {@code size} bytes) is at {@code blob}, downloading it from the
     * session's repository unless it is already there. Returns true for a cache hit.
     */
    boolean fetch(RegistrySession session, String digest, long size, Path blob, BlobDownload.Committer committer,
                  Consumer<ProgressResponse> progress) throws IOException, InterruptedException {
        while (true) {
            if (Files.isRegularFile(blob)) {
                long n = Files.size(blob);
                progress.accept(new ProgressResponse("pulling " + digest.substring(7, 19), digest, n, n));
                return true;
            }
            BlobDownload job;
            boolean stale;
            synchronized (this) {
                job = running.get(blob);
                stale = job != null && job.isCancelled();
                if (job == null) {
                    BlobDownload created = BlobDownload.prepare(digest, blob, size, tuning);
                    running.put(blob, created);
                    URI url = session.url("blobs", digest);
                    Thread.ofVirtual().name("download-" + digest.substring(7, 19)).start(() ->
                            created.run(session, url, committer, () -> remove(blob, created)));
                    job = created;
                }
            }
            if (stale) {
                // its clients left and it is winding down; once stopped, a new download resumes from its state
                job.awaitStopped();
                continue;
            }
            job.await(progress);
            return false;
        }
    }

    private synchronized void remove(Path blob, BlobDownload job) {
        running.remove(blob, job);
    }
}
