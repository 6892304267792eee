package dev.jollama.server.registry;

import dev.jollama.api.ProgressResponse;
import dev.jollama.server.store.Layer;
import dev.jollama.server.store.Manifest;
import dev.jollama.server.store.ModelName;
import dev.jollama.server.store.ModelStore;
import dev.jollama.server.store.StoredManifest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Ollama's PushModel: every blob the registry lacks is uploaded, then the manifest, byte for byte as stored. */
final class PushJob {
    private final ModelStore store;
    private final TransferTuning tuning;

    PushJob(ModelStore store, TransferTuning tuning) {
        this.store = store;
        this.tuning = tuning;
    }

    void run(RegistrySession session, ModelName name, Consumer<ProgressResponse> progress) throws IOException, InterruptedException {
        StoredManifest stored;
        byte[] bytes;
        try {
            stored = store.find(name).orElse(null);
            bytes = stored == null ? null : store.readManifest(name).orElse(null);
        } catch (RuntimeException e) {
            progress.accept(ProgressResponse.of("couldn't retrieve manifest"));
            throw e;
        }
        if (stored == null || bytes == null) {
            progress.accept(ProgressResponse.of("couldn't retrieve manifest"));
            throw new IOException("open " + store.root().resolve("manifests").resolve(name.host()).resolve(name.namespace())
                    .resolve(name.model()).resolve(name.tag()) + ": no such file or directory");
        }
        Manifest manifest = stored.manifest();
        List<Layer> layers = new ArrayList<>(manifest.layers());
        if (manifest.config() != null && manifest.config().digest() != null && !manifest.config().digest().isEmpty()) layers.add(manifest.config());
        for (Layer layer : layers) {
            new BlobUpload(session, layer, store.blobPath(layer.digest()), tuning).run(progress);
        }
        progress.accept(ProgressResponse.of("pushing manifest"));
        String mediaType = manifest.mediaType() == null || manifest.mediaType().isEmpty()
                ? "application/vnd.docker.distribution.manifest.v2+json" : manifest.mediaType();
        session.send("PUT", session.url("manifests", name.tag()), Map.of("Content-Type", mediaType),
                () -> Http1Client.Body.of(bytes)).body().close();
        progress.accept(ProgressResponse.SUCCESS);
    }
}
