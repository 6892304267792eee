package dev.jollama.server.registry;

import dev.jollama.api.ProgressResponse;
import dev.jollama.server.store.ModelName;
import dev.jollama.server.store.ModelStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Pull and push of models between the store and registries; one per server. */
public final class Registry {
    private static final Logger log = LoggerFactory.getLogger(Registry.class);

    private final ModelStore store;
    private final RegistryClient client;
    private final Downloads downloads;
    private final boolean noPrune;

    public Registry(ModelStore store, RegistryClient client, TransferTuning tuning, boolean noPrune) {
        this.store = store;
        this.client = client;
        this.downloads = new Downloads(tuning);
        this.noPrune = noPrune;
    }

    /**
     * The server's registry access: credentials from {@code JOLLAMA_REGISTRY_AUTH} ({@code registryAuth}), and
     * the signing key {@code <home>/id_ed25519}, made now if there is none (as {@code ollama serve} does at first
     * start). Either problem is logged and the server runs on without it.
     */
    public static Registry start(ModelStore store, Path home, boolean noPrune, String registryAuth) {
        SigningKey key = null;
        try {
            Path file = home.resolve("id_ed25519");
            boolean fresh = !java.nio.file.Files.exists(file);
            key = SigningKey.loadOrCreate(file);
            if (fresh) log.info("Couldn't find '{}'. Generated a new private key. Your new public key is:\n\n{}\n", file, key.authorizedKey());
        } catch (IOException e) {
            log.warn("no registry signing key: {}", e.getMessage());
        }
        Credentials credentials = Credentials.NONE;
        try {
            credentials = Credentials.parse(registryAuth);
        } catch (IllegalArgumentException e) {
            log.warn("ignoring {}", e.getMessage());
        }
        return new Registry(store, new RegistryClient(credentials, key), TransferTuning.OLLAMA, noPrune);
    }

    /** Pulls {@code name} (already resolved against the store's spelling), reporting Ollama's progress statuses. */
    public void pull(ModelName name, boolean insecure, Consumer<ProgressResponse> progress) throws IOException, InterruptedException {
        RegistrySession session = client.session(name, insecure);
        new PullJob(store, downloads, noPrune).run(session, name, progress);
    }

    /** Pushes {@code name}: "retrieving manifest", "pushing <digest12>" per blob, "pushing manifest", "success". */
    public void push(ModelName name, boolean insecure, Consumer<ProgressResponse> progress) throws IOException, InterruptedException {
        progress.accept(ProgressResponse.of("retrieving manifest"));
        RegistrySession session = client.session(name, insecure);
        new PushJob(store, downloads.tuning()).run(session, name, progress);
    }
}
