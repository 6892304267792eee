package dev.jollama.server.registry;

import dev.jollama.api.ProgressResponse;
import dev.jollama.server.store.Layer;
import dev.jollama.server.store.Manifest;
import dev.jollama.server.store.MediaTypes;
import dev.jollama.server.store.ModelName;
import dev.jollama.server.store.ModelStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/** Models made with the store's own API, and progress recorders, for the registry tests. */
final class RegistryTestSupport {
    private RegistryTestSupport() {}

    /**
     * Small parts and quick retries, so a few-MB blob takes the multi-part and resume paths. The stall timeout stays
     * long enough that a slow, loaded machine does not restart requests the tests count bytes of.
     */
    static final TransferTuning SMALL_PARTS = new TransferTuning(16, 16, 2, 256 * 1024, 1 << 20, 64 * 1024, Duration.ofSeconds(20), 6,
            Duration.ofMillis(20), Duration.ofMillis(20));

    /** As {@link #SMALL_PARTS} with a one-second stall timeout, for the stall test. */
    static final TransferTuning QUICK_STALL = new TransferTuning(16, 16, 2, 256 * 1024, 1 << 20, 64 * 1024, Duration.ofSeconds(1), 6,
            Duration.ofMillis(20), Duration.ofMillis(20));

    static Path testdata(String relative) {
        String root = System.getProperty("jollama.root");
        Path base = root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
        return base.resolve("testdata").resolve(relative);
    }

    /** A model as `jollama create` makes it: the GGUF, a template, params, and the config blob. */
    static Manifest createModel(ModelStore store, ModelName name, byte[] gguf, String template) {
        Layer model = layer(store, MediaTypes.MODEL, gguf);
        Layer tmpl = layer(store, MediaTypes.TEMPLATE, template.getBytes(StandardCharsets.UTF_8));
        Layer params = layer(store, MediaTypes.PARAMS, "{\"temperature\":0}".getBytes(StandardCharsets.UTF_8));
        byte[] config = ("{\"model_format\":\"gguf\",\"model_family\":\"llama\",\"model_families\":[\"llama\"],\"model_type\":\"260K\","
                + "\"file_type\":\"F32\",\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}")
                .getBytes(StandardCharsets.UTF_8);
        Layer cfg = layer(store, MediaTypes.CONFIG, config);
        Manifest m = Manifest.of(cfg, List.of(model, tmpl, params));
        store.writeManifest(name, m);
        return m;
    }

    static Layer layer(ModelStore store, String mediaType, byte[] content) {
        ModelStore.BlobResult r = store.putBlob(content);
        return new Layer(mediaType, r.digest(), r.size(), null, null);
    }

    static byte[] stories() throws IOException {
        return Files.readAllBytes(testdata("models/stories260K.gguf"));
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Records progress objects. */
    static final class Recorder implements Consumer<ProgressResponse> {
        final List<ProgressResponse> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void accept(ProgressResponse p) {
            events.add(p);
        }

        /** Statuses in order, with consecutive repeats collapsed. */
        List<String> statuses() {
            List<String> out = new ArrayList<>();
            synchronized (events) {
                for (ProgressResponse p : events) {
                    if (out.isEmpty() || !out.getLast().equals(p.status())) out.add(p.status());
                }
            }
            return out;
        }
    }
}
