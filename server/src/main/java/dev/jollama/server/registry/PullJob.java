package dev.jollama.server.registry;

import dev.jollama.api.Json;
import dev.jollama.api.ProgressResponse;
import dev.jollama.server.store.Digests;
import dev.jollama.server.store.Layer;
import dev.jollama.server.store.Manifest;
import dev.jollama.server.store.ModelName;
import dev.jollama.server.store.ModelStore;
import dev.jollama.server.store.StoreErrors;
import dev.jollama.server.store.StoredManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Ollama's PullModel: fetch the manifest, fetch every blob not already in the store (each verified before it
 * becomes visible), write the manifest last, then remove the layers only the replaced version used. Anything that
 * fails before the manifest is written leaves the model as it was.
 */
final class PullJob {
    private static final Logger log = LoggerFactory.getLogger(PullJob.class);
    /** Only Docker's v2 manifest, as Ollama asks: Ollama's and Hugging Face's registries answer it in Ollama's form. */
    static final String ACCEPT = "application/vnd.docker.distribution.manifest.v2+json";

    private final ModelStore store;
    private final Downloads downloads;
    private final boolean noPrune;

    PullJob(ModelStore store, Downloads downloads, boolean noPrune) {
        this.store = store;
        this.downloads = downloads;
        this.noPrune = noPrune;
    }

    void run(RegistrySession session, ModelName name, Consumer<ProgressResponse> progress) throws IOException, InterruptedException {
        Optional<StoredManifest> previous = Optional.empty();
        try {
            previous = store.find(name);
        } catch (RuntimeException e) {
            log.warn("pulling model with bad existing manifest {}: {}", name, e.getMessage());
        }
        progress.accept(ProgressResponse.of("pulling manifest"));
        byte[] bytes;
        Manifest manifest;
        try {
            bytes = fetchManifest(session, name.tag());
            manifest = parse(bytes);
        } catch (IOException e) {
            throw new RegistryException("pull model manifest: " + e.getMessage());
        }
        List<Layer> layers = new ArrayList<>(manifest.layers());
        if (manifest.config() != null && manifest.config().digest() != null && !manifest.config().digest().isEmpty()) layers.add(manifest.config());

        try (ModelStore.Pins pins = store.pins()) {
            for (Layer layer : layers) {
                String digest = Digests.normalize(layer.digest());
                Path blob = store.blobPath(digest);
                // pinned once there, so a delete or prune cannot take it before the manifest names it
                do {
                    downloads.fetch(session, digest, layer.size(), blob, this::commit, progress);
                } while (!pins.addExisting(digest));
            }
            // every downloaded blob was verified before it was moved into the store
            progress.accept(ProgressResponse.of("verifying sha256 digest"));
            progress.accept(ProgressResponse.of("writing manifest"));
            store.writeManifest(name, bytes);
        }

        if (!noPrune && previous.isPresent()) {
            Set<String> unused = new LinkedHashSet<>(previous.get().manifest().digests());
            unused.removeAll(manifest.digests());
            if (!unused.isEmpty()) {
                progress.accept(ProgressResponse.of("removing unused layers"));
                try {
                    store.removeUnusedLayers(previous.get().manifest());
                } catch (RuntimeException e) {
                    progress.accept(ProgressResponse.of("couldn't remove unused layers: " + e.getMessage()));
                }
            }
        }
        progress.accept(ProgressResponse.SUCCESS);
    }

    private void commit(Path file, String digest, String actual) throws IOException {
        try {
            store.commitBlob(file, digest, actual);
        } catch (StoreErrors.DigestMismatchException e) {
            throw new RegistryException("digest mismatch, file must be downloaded again: want " + digest + ", got " + e.actual());
        }
    }

    static byte[] fetchManifest(RegistrySession session, String tag) throws IOException, InterruptedException {
        try (InputStream in = session.send("GET", session.url("manifests", tag), Map.of("Accept", ACCEPT), null).body()) {
            return in.readNBytes(16 << 20);
        }
    }

    /** A manifest whose every digest is well formed (a digest names a file, so this is checked before any use). */
    static Manifest parse(byte[] bytes) throws IOException {
        Manifest m = Json.mapper().readValue(bytes, Manifest.class);
        for (String d : m.digests()) Digests.normalize(d);
        for (Layer l : m.layers()) {
            if (l.digest() == null || l.digest().isEmpty()) throw new IOException("digest is empty");
        }
        return m;
    }
}
